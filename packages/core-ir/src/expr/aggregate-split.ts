import { t } from "../types/data-type.js";
import { Expr } from "./expr.js";
import type { AggregateName } from "./aggregates.js";
import type { NamedAggregate } from "../nodes/aggregate.js";
import { aggregates } from "./aggregates.js";

/**
 * How a decomposable aggregate splits into partials (computed per partition, or below a join)
 * and finals (over the partial columns), and how the finals give the original result (`output`,
 * null when the one final already is it). Part names are suffixes for the partial columns.
 *
 * @example
 * ```ts
 * import { Expr, splitAggregate, type AggregateSplit } from "@datajax/core-ir";
 *
 * const mean: AggregateSplit = splitAggregate("mean", Expr.column("fare_amount"))!;
 * mean.partials.map((p) => `${p.part}=${p.fn}`); // ["s=sum", "n=count"]
 * mean.finals.map((f) => `${f.part}=${f.fn}`); // ["s=sum", "n=sum"]
 * ```
 */
export interface AggregateSplit {
  /** The aggregates computed per partition, over the original argument. */
  readonly partials: readonly {
    /** Suffix naming the partial column. */
    readonly part: string;
    /** Aggregate computing it. */
    readonly fn: AggregateName;
    /** Its argument (the original aggregate's; null for `count()`). */
    readonly arg: Expr | null;
  }[];
  /** The aggregates merging the partial columns, one per partial. */
  readonly finals: readonly {
    /** The partial column it merges (and suffix of its own column). */
    readonly part: string;
    /** Aggregate merging it. */
    readonly fn: AggregateName;
  }[];
  /** Builds the original result from the finals (`final(part)` is one final's column), or null when the one final is the result. */
  readonly output: ((final: (part: string) => Expr) => Expr) | null;
}

const splits: { readonly [K in AggregateName]?: (arg: Expr | null) => AggregateSplit } = {
  count: (arg) => ({ partials: [{ part: "n", fn: "count", arg }], finals: [{ part: "n", fn: "sum" }], output: (f) => Expr.call("fill_null", [f("n"), Expr.literal(0, t.int64)]) }),
  sum: (arg) => ({ partials: [{ part: "s", fn: "sum", arg }], finals: [{ part: "s", fn: "sum" }], output: null }),
  min: (arg) => ({ partials: [{ part: "v", fn: "min", arg }], finals: [{ part: "v", fn: "min" }], output: null }),
  max: (arg) => ({ partials: [{ part: "v", fn: "max", arg }], finals: [{ part: "v", fn: "max" }], output: null }),
  // The sum of no values is null, so a group without values divides null by its count: null.
  mean: (arg) => ({
    partials: [{ part: "s", fn: "sum", arg }, { part: "n", fn: "count", arg }],
    finals: [{ part: "s", fn: "sum" }, { part: "n", fn: "sum" }],
    output: (f) => Expr.call("div", [Expr.call("cast", [f("s")], { to: t.float64 }), f("n")]),
  }),
};

/**
 * The split of a decomposable aggregate (the registry's `decomposable`), or undefined.
 *
 * @example
 * ```ts
 * import { Expr, splitAggregate } from "@datajax/core-ir";
 *
 * splitAggregate("sum", Expr.column("fare_amount"))?.output; // null: the final sum is the result
 * splitAggregate("std", Expr.column("fare_amount")); // undefined: not decomposable
 * ```
 */
export function splitAggregate(fn: AggregateName, arg: Expr | null): AggregateSplit | undefined {
  return aggregates[fn].decomposable ? splits[fn]?.(arg) : undefined;
}

/**
 * An Aggregate's aggregates split as a whole: the partial and final aggregates, and the Map that restores the results.
 *
 * @example
 * ```ts
 * import { Expr, splitAggregates, type AggregatesSplit } from "@datajax/core-ir";
 *
 * const split: AggregatesSplit = splitAggregates([{ name: "n", agg: Expr.aggregate("count", null) }], "p", "f")!;
 * split.partials.map((a) => a.name); // ["p0_n"]
 * split.outputs.map((o) => o.name); // ["n"]
 * ```
 */
export interface AggregatesSplit {
  /** The partial aggregates, to run per partition (or below a join). */
  readonly partials: NamedAggregate[];
  /** The final aggregates, over the partial columns. */
  readonly finals: NamedAggregate[];
  /** Assignments restoring the original result columns from the finals (empty when the finals already are them). */
  readonly outputs: {
    /** The original aggregate's output column. */
    readonly name: string;
    /** Its value, computed from the final columns. */
    readonly expr: Expr;
  }[];
}

/**
 * Splits every aggregate (undefined when one does not split). Partial columns are named
 * `<partialPrefix><i>_<part>`, final columns `<finalPrefix><i>_<part>` (or the aggregate's own name
 * when no output step is needed).
 *
 * @example
 * ```ts
 * import { Expr, splitAggregates } from "@datajax/core-ir";
 *
 * const aggs = [{ name: "avg_fare", agg: Expr.aggregate("mean", Expr.column("fare_amount")) }];
 * const split = splitAggregates(aggs, "__p", "__f")!;
 * split.partials.map((a) => a.name); // ["__p0_s", "__p0_n"]
 * split.finals.map((a) => a.name); // ["__f0_s", "__f0_n"]
 * ```
 */
export function splitAggregates(aggregates: readonly NamedAggregate[], partialPrefix: string, finalPrefix: string): AggregatesSplit | undefined {
  const splits = aggregates.map((a) => splitAggregate(a.agg.fn, a.agg.arg));
  if (splits.some((s) => s === undefined)) return undefined;
  const out: AggregatesSplit = { partials: [], finals: [], outputs: [] };
  splits.forEach((split, i) => {
    const name = aggregates[i]!.name;
    for (const p of split!.partials) out.partials.push({ name: `${partialPrefix}${i}_${p.part}`, agg: Expr.aggregate(p.fn, p.arg) });
    for (const f of split!.finals) out.finals.push({ name: split!.output ? `${finalPrefix}${i}_${f.part}` : name, agg: Expr.aggregate(f.fn, Expr.column(`${partialPrefix}${i}_${f.part}`)) });
    if (split!.output) out.outputs.push({ name, expr: split!.output((part) => Expr.column(`${finalPrefix}${i}_${part}`)) });
  });
  return out;
}
