import { isFloat, type AggregateNode, type Expr, type Schema } from "@datajax/core-ir";
import { AggregateFn } from "../../kernels/aggregate-fns.js";
import { filterAggregate, type FusedAggregateSpec } from "../../kernels/expr-kernels.js";
import { compileExprProgram, type ExprProgram } from "../../kernels/expr-program.js";
import type { NativeColumn } from "../../kernels/native-column.js";
import { allocateValues, physTypeOf } from "../../kernels/physical-type.js";
import { nativeAggregateSpecs, type NativeAggregateSpec } from "./aggregate-specs.js";
import type { FoldedSteps } from "./fused-projection.js";
import type { NativeBatch } from "./native-batch.js";
import { bindTo } from "./native-group-aggregate.js";
import { NativeJoin } from "./native-join.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

type Value = number | bigint;

/** The running state of one global aggregate across batches. */
interface Accumulator {
  value: Value | null;
  count: number;
  /** A float mean's running sum (means of floats are computed as sum / count). */
  sum: number;
}

/**
 * A global Aggregate (no keys) fused with the Filter/Map chain below: one kernel pass per batch
 * filters, derives the arguments and aggregates them without materialising a row; batches merge
 * in order. Over a join, the join's build columns are read through the probe's row indices in
 * that same pass (NativeJoin.gathered), so the joined rows are never materialised either. Yields exactly one row, also over no rows (count 0, the others null).
 */
export class NativeGlobalAggregate implements NativeOperator {
  readonly schema: Schema;
  private readonly specs: readonly NativeAggregateSpec[];
  private readonly program: ExprProgram | null;
  private readonly fused: readonly FusedAggregateSpec[];
  private readonly predicate: number;

  constructor(
    private readonly base: NativeOperator,
    steps: FoldedSteps,
    private readonly node: AggregateNode,
  ) {
    this.schema = node.schema;
    this.specs = nativeAggregateSpecs(node, steps, base.schema, bindTo(steps));
    const exprs: Expr[] = steps.predicate ? [steps.predicate] : [];
    this.predicate = steps.predicate ? 0 : -1;
    this.fused = this.specs.map((s) => {
      if (s.arg === null) return { fn: AggregateFn.CountAll, output: -1 };
      // A float mean is merged from exact per-batch sums and counts.
      const fn = s.fn === AggregateFn.Mean && isFloat(s.argType!) ? AggregateFn.Sum : s.fn;
      return { fn, output: exprs.push(s.arg) - 1 };
    });
    // Without any argument or predicate there is nothing to evaluate: count() is the row count.
    this.program = exprs.length > 0 ? compileExprProgram(exprs, base.schema) : null;
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    const acc: Accumulator[] = this.specs.map(() => ({ value: null, count: 0, sum: 0 }));
    // Over a join, its build columns are gathered inside the fused pass rather than materialised.
    const batches = this.base instanceof NativeJoin ? this.base.gathered(ctx) : this.base.run(ctx);
    for await (const b of batches) {
      if (b.length === 0) continue;
      if (!this.program) {
        for (const a of acc) a.count += b.length;
        continue;
      }
      const results = filterAggregate(this.program, this.predicate, this.fused, b.columns, b.length);
      results.forEach((r, k) => merge(acc[k]!, this.specs[k]!, this.fused[k]!, r.value, r.count));
    }
    const columns = this.specs.map((s, k) => resultColumn(s, acc[k]!));
    yield { length: 1, columns: columns.map((c, k) => ({ ...c, type: this.schema.fields[k]!.type })) };
  }

  describe(depth: number): string[] {
    return [
      `${indentBy(depth)}native global aggregate: ${this.node.aggregates.map((a) => `${a.name} = ${a.agg.fn}`).join(", ")} (${this.base instanceof NativeJoin ? "join gather + " : ""}${this.predicate >= 0 ? "filter + " : ""}derive + aggregate fused in one pass)`,
      ...this.base.describe(depth + 1),
    ];
  }
}

function merge(a: Accumulator, spec: NativeAggregateSpec, fused: FusedAggregateSpec, value: Value | null, count: number): void {
  if (spec.fn === AggregateFn.CountAll || spec.fn === AggregateFn.Count) {
    a.count += count;
    return;
  }
  if (count === 0 || value === null) return;
  if (spec.fn === AggregateFn.Mean) {
    // Float means arrive as sums; integer means as the batch's mean, weighted by its count.
    a.sum += fused.fn === AggregateFn.Sum ? Number(value) : Number(value) * count;
    a.count += count;
    a.value = a.sum / a.count;
    return;
  }
  const seen = a.count;
  a.count += count;
  if (seen === 0 || a.value === null) {
    a.value = value;
    return;
  }
  switch (spec.fn) {
    case AggregateFn.Sum:
      a.value = typeof value === "bigint" ? wrapLike(spec, (a.value as bigint) + value) : (a.value as number) + value;
      return;
    case AggregateFn.Min:
      if (value < a.value) a.value = value;
      return;
    case AggregateFn.Max:
      if (value > a.value) a.value = value;
      return;
    case AggregateFn.Last:
      a.value = value;
      return;
    default: // First keeps the first batch's value
  }
}

/** 64-bit wrap-around of an integer sum, as the kernels sum. */
function wrapLike(spec: NativeAggregateSpec, v: bigint): bigint {
  return spec.resultType.id === "uint64" ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v);
}

function resultColumn(spec: NativeAggregateSpec, a: Accumulator): NativeColumn {
  const values = allocateValues(physTypeOf(spec.resultType)!, 1);
  if (spec.fn === AggregateFn.CountAll || spec.fn === AggregateFn.Count) {
    (values as BigInt64Array)[0] = BigInt(a.count);
    return { type: spec.resultType, length: 1, values, validity: null };
  }
  if (a.value === null) return { type: spec.resultType, length: 1, values, validity: new Uint8Array(1) };
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) values[0] = typeof a.value === "bigint" ? a.value : BigInt(a.value);
  else values[0] = Number(a.value);
  return { type: spec.resultType, length: 1, values, validity: null };
}
