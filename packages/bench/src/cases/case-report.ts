import type { ResultRows } from "../queries/reference-query.js";

/** One engine's measurement in a case beyond the reference queries. */
export interface CaseMeasurement {
  readonly engine: string;
  /** What `median`, `min` and `max` count: milliseconds of one operation, or microseconds of one call. */
  readonly unit: "ms" | "µs";
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Timed repetitions behind the median. */
  readonly samples: number;
  /** What else the engine reported (rows and bytes read, rows loaded), for the reader. */
  readonly detail: string;
  /** The answer, when the case computes one; the harness checks it against the case's first answer. */
  readonly result?: ResultRows;
}

/** A case's measurements, each engine's in turn, as a case's child process prints them. */
export interface CaseReport {
  readonly case: string;
  readonly description: string;
  readonly measurements: readonly CaseMeasurement[];
}

/** Where a case finds its data. */
export interface CaseInputs {
  /** The taxi dataset as Parquet. */
  readonly parquetPath: string;
  /** The same rows as an Arrow IPC file. */
  readonly arrowPath: string;
  /** The taxi rows sorted by trip_distance, in row groups of the same size (for pruning). */
  readonly sortedParquetPath: string;
  /** The skewed-key join dataset. */
  readonly joinFactsPath: string;
  readonly joinDimPath: string;
}

/** A case beyond the reference queries: measures every engine it is meaningful for, in one process. */
export interface BenchCase {
  readonly name: string;
  readonly description: string;
  run(inputs: CaseInputs, runs: number): Promise<readonly CaseMeasurement[]>;
}
