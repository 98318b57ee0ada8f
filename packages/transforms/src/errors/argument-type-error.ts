import { DataJaxError } from "@datajax/core-ir";

/**
 * A jitted function was called with a value it can neither scan nor treat as static (code
 * `DJX_ARGUMENT_TYPE`): pass data (an Arrow table or DataSource), or list the position in
 * `staticArgnums`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { ArgumentTypeError, djit, type Frame } from "@datajax/transforms";
 * const topN = djit((trips: Frame, n: number) => trips.head(n)); // forgot { staticArgnums: [1] }
 * try {
 *   topN.lower(tableFromArrays({ fare: Float64Array.from([1]) }), 3);
 * } catch (err) {
 *   if (err instanceof ArgumentTypeError) console.log(err.code, err.position); // "DJX_ARGUMENT_TYPE" 1
 * }
 * ```
 */
export class ArgumentTypeError extends DataJaxError {
  /** The 0-based position of the offending argument. */
  readonly position: number;
  constructor(functionName: string, position: number, parameter: string, problem: string) {
    super(
      "DJX_ARGUMENT_TYPE",
      `${functionName}: argument ${position} (${parameter}) ${problem}. ` +
        "Data arguments must be an apache-arrow Table or a DataSource (e.g. readParquet(...)); " +
        `pass other values as static arguments with djit(fn, { staticArgnums: [${position}] }).`,
    );
    this.position = position;
  }
}
