import type { SourceRef } from "@datajax/core-ir";

/**
 * How the planner aggregates distributed data: `two_phase` (partial per rank, exchange, final
 * merge), `exchange_first` (exchange the rows on the keys, then aggregate), or `auto` (two-phase
 * when every aggregate decomposes, unless the estimates say groups are nearly unique).
 *
 * @example
 * ```ts
 * import { planStages, type AggregationStrategy } from "@datajax/planner";
 * const strategy: AggregationStrategy = "exchange_first";
 * // planStages(plan, { aggregation: strategy })
 * ```
 */
export type AggregationStrategy = "auto" | "two_phase" | "exchange_first";

/**
 * What the planner may know about its inputs; every estimate is optional (unknown: assume large).
 * Used for broadcast joins (rows of the right side) and the `auto` aggregation choice.
 *
 * @example
 * ```ts
 * import { type SourceRef } from "@datajax/core-ir";
 * import { planStages, type PlannerEstimates } from "@datajax/planner";
 * const rowCounts = new Map([["zones", 265]]);
 * const estimates: PlannerEstimates = {
 *   rows: (source: SourceRef) => rowCounts.get(source.name),
 *   distinct: (source: SourceRef, column: string) => (source.name === "zones" && column === "LocationID" ? 265 : undefined),
 * };
 * // planStages(plan, { estimates })
 * ```
 */
export interface PlannerEstimates {
  /** Rows of an argument source (a Parquet file's row count, a table's length). */
  rows?(source: SourceRef): number | undefined;
  /** Distinct values of a source column (from statistics or a hint). */
  distinct?(source: SourceRef, column: string): number | undefined;
}

/**
 * Options of `planStages`: stage id prefix, the broadcast threshold, the aggregation strategy and
 * what is known about the inputs.
 *
 * @example
 * ```ts
 * import { field, schema, Sharding, t } from "@datajax/core-ir";
 * import { planStages, type PlanStagesOptions } from "@datajax/planner";
 * import { Frame, count } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64)]), { sharding: Sharding.block() });
 * const options: PlanStagesOptions = { stagePrefix: "q", aggregation: "exchange_first", broadcastThresholdBytes: 64 * 2 ** 20 };
 * planStages(trips.groupBy("zone").agg({ n: count() }).plan, options).output; // "q1"
 * ```
 */
export interface PlanStagesOptions {
  /** Prefix for stage ids (default "s"). */
  readonly stagePrefix?: string;
  /** A join's right side estimated below this many bytes is broadcast to every rank (default 10 MiB, Bodo's). */
  readonly broadcastThresholdBytes?: number;
  /** "auto" (default): partial → exchange → final when every aggregate decomposes, unless the estimates say groups are nearly unique. */
  readonly aggregation?: AggregationStrategy;
  /** Groups per row above which "auto" exchanges first (partial aggregation would not shrink the data). Default 0.5. */
  readonly uniqueGroupRatio?: number;
  /** Row and distinct-value estimates of the inputs (default: none, every input assumed large). */
  readonly estimates?: PlannerEstimates;
}

/**
 * The default `broadcastThresholdBytes`: 10 MiB. A join's right side estimated below it is copied
 * to every rank instead of shuffling both sides.
 *
 * @example
 * ```ts
 * import { DEFAULT_BROADCAST_THRESHOLD_BYTES, planStages } from "@datajax/planner";
 * const generous = { broadcastThresholdBytes: 4 * DEFAULT_BROADCAST_THRESHOLD_BYTES }; // broadcast up to 40 MiB
 * // planStages(plan, generous)
 * ```
 */
export const DEFAULT_BROADCAST_THRESHOLD_BYTES = 10 * 2 ** 20;
