import { t } from "../types/data-type.js";
import { Expr } from "./expr.js";
import type { AggregateName } from "./aggregates.js";
import { aggregates } from "./aggregates.js";

/**
 * How a decomposable aggregate splits into partials (computed per partition, or below a join)
 * and finals (over the partial columns), and how the finals give the original result (`output`,
 * null when the one final already is it). Part names are suffixes for the partial columns.
 */
export interface AggregateSplit {
  readonly partials: readonly { readonly part: string; readonly fn: AggregateName; readonly arg: Expr | null }[];
  readonly finals: readonly { readonly part: string; readonly fn: AggregateName }[];
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

/** The split of a decomposable aggregate (the registry's `decomposable`), or undefined. */
export function splitAggregate(fn: AggregateName, arg: Expr | null): AggregateSplit | undefined {
  return aggregates[fn].decomposable ? splits[fn]?.(arg) : undefined;
}
