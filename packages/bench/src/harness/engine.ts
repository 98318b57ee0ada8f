import type { ReferenceQuery, ResultRows } from "../queries/reference-query.js";

/**
 * Processes that run one engine together in lockstep (the MPI ranks of a distributed engine).
 * The harness calls the same methods in the same order on every rank; rank 0 reports.
 */
export interface LockstepGroup {
  readonly rank: number;
  readonly size: number;
  /** Returns once every rank has reached it. */
  barrier(): void;
  /** The sum of `value` over the ranks, on every rank. */
  sumOverRanks(value: number): number;
}

/** An engine under test: loads the data once (timed apart), then answers queries. */
export interface Engine {
  readonly id: string;
  /** Present when the engine runs as several processes at once (see LockstepGroup). */
  readonly lockstep?: LockstepGroup;
  load(parquetPath: string): Promise<void>;
  /** Prepares a query (compile, warm caches) and returns the function the harness times. */
  prepare(query: ReferenceQuery): Promise<() => Promise<ResultRows>>;
  close?(): Promise<void>;
}
