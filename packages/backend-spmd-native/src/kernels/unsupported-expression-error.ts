import { DataJaxError } from "@datajax/core-ir";

/**
 * An expression uses operators or types the native expression kernels do not evaluate (code
 * `DJX_NATIVE_UNSUPPORTED_EXPRESSION`), for now strings (utf8 columns, literals, string operators,
 * casts to or from utf8). `unsupported` lists each one; a backend runs such a stage elsewhere.
 *
 * @example
 * ```ts
 * import { UnsupportedExpressionError } from "@datajax/backend-spmd-native";
 *
 * const err = new UnsupportedExpressionError("map tip_ratio", ["lower", "utf8 column zone"]);
 * err.code; // "DJX_NATIVE_UNSUPPORTED_EXPRESSION"
 * err.unsupported; // ["lower", "utf8 column zone"]
 * ```
 */
export class UnsupportedExpressionError extends DataJaxError {
  /** The operators and operands the kernels cannot evaluate, each once, in first-seen order. */
  readonly unsupported: readonly string[];
  constructor(operation: string, unsupported: readonly string[]) {
    super(
      "DJX_NATIVE_UNSUPPORTED_EXPRESSION",
      `${operation}: the native expression kernels cannot evaluate ${unsupported.join(", ")}. ` +
        "They take numbers, bool, date32 and timestamps; run this stage on the local backend (registerLocalBackend) or compute the string columns before it.",
    );
    this.unsupported = unsupported;
  }
}
