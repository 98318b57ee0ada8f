import type { Table } from "apache-arrow";
import type { StageGraph, UdfImplementation } from "@datajax/core-ir";

/**
 * One result row as plain values: numbers for every numeric type (int64 too), strings, booleans,
 * null; date32 as days since the epoch and timestamps as integers in their column's unit (the
 * same convention as IR literals).
 *
 * @example
 * const row: ConformanceRow = { city: "Oslo", trips: 3, mean_fare: 12.5, day: 19723 };
 */
export type ConformanceRow = Readonly<Record<string, unknown>>;

/**
 * One semantic test every backend must pass: a stage graph over in-memory Arrow tables and the
 * rows it must return. Expected rows come from an independent source (written by hand or computed
 * by a plain JS reference in the case file), never from running a backend.
 *
 * @example
 * const c: ConformanceCase = {
 *   id: "filter/null-predicate-drops-row",
 *   description: "filter keeps rows whose predicate is true; null counts as not true",
 *   inputs: [tableFromArrays({ x: Int32Array.from([1, 2]) })],
 *   graph: singleStage(FilterNode.create(scan, Expr.call("gt", [Expr.column("x"), Expr.literal(1, t.int32)]))),
 *   expected: [{ x: 2 }],
 *   ordered: false,
 * };
 */
export interface ConformanceCase {
  /** Stable id, `area/what` (e.g. `join/left-null-keys`); skip lists and reports use it. */
  readonly id: string;
  /** What the case proves, in one sentence. */
  readonly description: string;
  /** Argument slot i of the graph reads `inputs[i]`. */
  readonly inputs: readonly Table[];
  readonly graph: StageGraph;
  /** The ranks the graph runs over (default 1). Multi-rank cases exercise real exchanges. */
  readonly ranks?: number;
  /** The rows the output stage must return (column names exactly the output schema's). */
  readonly expected: readonly ConformanceRow[];
  /** Whether row order is part of the contract (after a Sort); otherwise rows compare as a multiset. */
  readonly ordered: boolean;
  /** Tags such as `join`, `nulls`, `exchange`, for filtering and reports. */
  readonly features?: readonly string[];
  /**
   * The implementations of the graph's CustomUDF nodes, by name: the runner hands them to the
   * Executor (RunOptions.udfs). Needed exactly when the graph has CustomUDF nodes.
   */
  readonly udfs?: ReadonlyMap<string, UdfImplementation>;
}
