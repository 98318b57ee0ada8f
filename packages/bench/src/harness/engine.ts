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
  /** Prepares a query (compile, warm caches) and returns what the harness times. */
  prepare(query: ReferenceQuery): Promise<PreparedQuery>;
  close?(): Promise<void>;
}

/**
 * A query ready to time. `run` computes the result in the engine's own form (an Arrow table, a
 * DuckDB result, a Polars DataFrame, the rows a hand-written loop returns): that is what the
 * harness times. `rows` turns a result into plain sorted rows for the answer check, outside the
 * timed runs, so no engine is timed converting values into JavaScript objects.
 */
export interface PreparedQuery<R = unknown> {
  run(): Promise<R>;
  rows(result: R): ResultRows;
}

/** Runs a prepared query once and returns its plain rows. */
export async function answerOf<R>(query: PreparedQuery<R>): Promise<ResultRows> {
  return query.rows(await query.run());
}
