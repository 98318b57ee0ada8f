import type { SourceRef } from "@datajax/core-ir";

/** How the planner chooses between aggregation strategies (see two-phase-aggregate.ts). */
export type AggregationStrategy = "auto" | "two_phase" | "exchange_first";

/** What the planner may know about its inputs; every estimate is optional (unknown: assume large). */
export interface PlannerEstimates {
  /** Rows of an argument source (a Parquet file's row count, a table's length). */
  rows?(source: SourceRef): number | undefined;
  /** Distinct values of a source column (from statistics or a hint). */
  distinct?(source: SourceRef, column: string): number | undefined;
}

export interface PlanStagesOptions {
  /** Prefix for stage ids (default "s"). */
  readonly stagePrefix?: string;
  /** A join's right side estimated below this many bytes is broadcast to every rank (default 10 MiB, Bodo's). */
  readonly broadcastThresholdBytes?: number;
  /** "auto" (default): partial → exchange → final when every aggregate decomposes, unless the estimates say groups are nearly unique. */
  readonly aggregation?: AggregationStrategy;
  /** Groups per row above which "auto" exchanges first (partial aggregation would not shrink the data). Default 0.5. */
  readonly uniqueGroupRatio?: number;
  readonly estimates?: PlannerEstimates;
}

export const DEFAULT_BROADCAST_THRESHOLD_BYTES = 10 * 2 ** 20;
