import { DataJaxError } from "@datajax/core-ir";

/**
 * A column's Arrow type has no native layout here (code `DJX_NATIVE_UNSUPPORTED_TYPE`): exchanges
 * and the native key hash take fixed-width types (ints, floats, dates, times, timestamps,
 * durations, decimals), bool, utf8/binary and null. Decode dictionaries and flatten nested
 * columns before, or run the stage on the local backend.
 *
 * @example
 * ```ts
 * import { UnsupportedNativeTypeError } from "@datajax/backend-spmd-native";
 *
 * const err = new UnsupportedNativeTypeError("exchangeBatches", "tags", "List<Utf8>");
 * err.code; // "DJX_NATIVE_UNSUPPORTED_TYPE"
 * ```
 */
export class UnsupportedNativeTypeError extends DataJaxError {
  constructor(where: string, column: string, type: string) {
    super(
      "DJX_NATIVE_UNSUPPORTED_TYPE",
      `${where}: column "${column}" has type ${type}, which the native backend cannot move or hash. ` +
        "Supported: fixed-width numbers and temporals, bool, utf8, binary, null. " +
        "Decode dictionaries / flatten nested columns first, or use the local backend for this stage.",
    );
  }
}
