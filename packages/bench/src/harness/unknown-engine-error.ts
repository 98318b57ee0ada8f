import { DataJaxError } from "@datajax/core-ir";

/** `--engines` named an engine the harness does not have. */
export class UnknownEngineError extends DataJaxError {
  constructor(id: string, known: readonly string[]) {
    super("DJX_BENCH_UNKNOWN_ENGINE", `unknown engine "${id}"; pass --engines with some of: ${known.join(", ")}.`);
  }
}
