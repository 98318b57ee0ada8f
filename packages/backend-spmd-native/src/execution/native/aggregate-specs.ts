import { formatType, resolveExpr, sameType, type AggregateNode, type DataType, type Expr, type Schema } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../../errors/unsupported-native-type-error.js";
import { AggregateFn, aggregateFnOf, type AggregateFnCode } from "../../kernels/aggregate-fns.js";
import { aggregateResultType } from "../../kernels/hash-aggregation.js";
import { physTypeOf } from "../../kernels/physical-type.js";
import type { FoldedSteps } from "./fused-projection.js";

/** One aggregate of an Aggregate node as the kernels compute it: its code and argument over the base. */
export interface NativeAggregateSpec {
  readonly fn: AggregateFnCode;
  /** The argument over the base's columns; null for count(). */
  readonly arg: Expr | null;
  readonly argType: DataType | null;
  readonly resultType: DataType;
}

/**
 * The kernels' form of `node`'s aggregates, their arguments rewritten over the base of `steps`.
 * Throws UnsupportedNativeTypeError for an aggregate or argument type the kernels do not compute
 * (count_distinct, var, std; bool arguments except count; a result type other than the plan's).
 */
export function nativeAggregateSpecs(node: AggregateNode, steps: FoldedSteps, base: Schema, bind: (e: Expr) => Expr): NativeAggregateSpec[] {
  const offset = node.keys.length;
  return node.aggregates.map((a, k) => {
    const fn = aggregateFnOf(a.agg.fn, a.agg.arg !== null);
    if (fn === undefined) throw new UnsupportedNativeTypeError("native aggregate", a.name, `aggregate ${a.agg.fn}`);
    const arg = a.agg.arg === null ? null : bind(a.agg.arg);
    const argType = arg === null ? null : resolveExpr(arg, base, `native aggregate ${a.name}`).type;
    if (argType !== null && (physTypeOf(argType) === undefined || (argType.id === "bool" && fn !== AggregateFn.Count))) {
      throw new UnsupportedNativeTypeError("native aggregate", a.name, formatType(argType));
    }
    const resultType = aggregateResultType({ fn, argType });
    const want = node.schema.fields[offset + k]!.type;
    if (!sameType(resultType, want)) throw new UnsupportedNativeTypeError("native aggregate", a.name, `result ${formatType(resultType)} (the plan wants ${formatType(want)})`);
    void steps;
    return { fn, arg, argType, resultType };
  });
}
