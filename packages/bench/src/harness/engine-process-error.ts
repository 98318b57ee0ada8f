import { DataJaxError } from "@datajax/core-ir";

/** An engine's process could not start, failed, or printed no report. */
export class EngineProcessError extends DataJaxError {
  constructor(engine: string, problem: string) {
    super("DJX_BENCH_ENGINE_PROCESS", `engine ${engine} ${problem}; its own error is printed above (stderr). Run it alone with --engines ${engine} to see it.`);
  }
}
