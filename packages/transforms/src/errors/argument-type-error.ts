import { DataJaxError } from "@datajax/core-ir";

/** A jitted function was called with a value it can neither scan nor treat as static. */
export class ArgumentTypeError extends DataJaxError {
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
