import { DataJaxError } from "@datajax/core-ir";

/** A native engine runs in an MPI world of another size than its id names. */
export class NativeEngineWorldError extends DataJaxError {
  constructor(engine: string, wanted: number, actual: number) {
    super(
      "DJX_BENCH_ENGINE_WORLD",
      `engine ${engine} runs on ${wanted} rank(s), but this process is in an MPI world of ${actual}; ` +
        `let the harness start it (pnpm bench --engines ${engine}), which runs it under mpirun when it needs several ranks.`,
    );
  }
}
