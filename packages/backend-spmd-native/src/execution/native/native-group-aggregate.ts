import { resolveExpr, substituteColumns, type AggregateNode, type Expr, type Schema } from "@datajax/core-ir";
import { compileExprProgram, type ExprProgram } from "../../kernels/expr-program.js";
import { HashAggregation } from "../../kernels/hash-aggregation.js";
import { nativeAggregateSpecs, type NativeAggregateSpec } from "./aggregate-specs.js";
import { FusedProjection, type FoldedSteps } from "./fused-projection.js";
import type { NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

/** The one-pass form of a grouped aggregate over a Filter/Map chain: keys and arguments as outputs of one program. */
interface FilteredAggregation {
  readonly program: ExprProgram;
  /** The predicate's output (-1: no filter). */
  readonly predicate: number;
  readonly keyOutputs: readonly number[];
  /** Per aggregate, its argument's output (-1 for count()). */
  readonly argOutputs: readonly number[];
}

/**
 * A grouped Aggregate (partial or final phase alike) on the native hash aggregation. Over plain
 * columns the keys and arguments are views of the batch; over a Filter/Map chain the filter, the
 * derived keys and arguments and the aggregation run in one native pass per batch
 * (HashAggregation.updateFiltered), chunk by chunk in cache, writing no intermediate column.
 */
export class NativeGroupAggregate implements NativeOperator {
  readonly schema: Schema;
  private readonly specs: readonly NativeAggregateSpec[];
  private readonly projection: FusedProjection;
  private readonly argColumn: readonly number[];
  private readonly filtered: FilteredAggregation | null;

  constructor(
    private readonly base: NativeOperator,
    steps: FoldedSteps,
    private readonly node: AggregateNode,
  ) {
    this.schema = node.schema;
    const bind = bindTo(steps);
    this.specs = nativeAggregateSpecs(node, steps, base.schema, bind);
    const exprs: Expr[] = node.keys.map((k) => bind({ kind: "column", name: k }));
    const types = node.keys.map((_k, i) => node.schema.fields[i]!.type);
    const argColumn: number[] = [];
    for (const s of this.specs) {
      if (s.arg === null) argColumn.push(-1);
      else {
        argColumn.push(exprs.length);
        exprs.push(s.arg);
        types.push(resolveExpr(s.arg, base.schema, "native aggregate").type);
      }
    }
    this.argColumn = argColumn;
    this.projection = new FusedProjection(base.schema, steps.predicate, exprs, types);
    this.filtered = this.projection.isView ? null : filteredAggregation(base.schema, steps.predicate, exprs, node.keys.length, argColumn);
    // Fails here (not mid-run) when a key type has no native key table.
    new HashAggregation(types.slice(0, node.keys.length), this.specs.map((s) => ({ fn: s.fn, argType: s.argType })));
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    const keyCount = this.node.keys.length;
    const agg = new HashAggregation(this.schema.fields.slice(0, keyCount).map((f) => f.type), this.specs.map((s) => ({ fn: s.fn, argType: s.argType })));
    const f = this.filtered;
    for await (const b of this.base.run(ctx)) {
      if (f) {
        if (b.length > 0) agg.updateFiltered(f.program, f.predicate, f.keyOutputs, f.argOutputs, b.columns, b.length);
        continue;
      }
      const cols = this.projection.apply(b);
      if (cols.length === 0) continue;
      agg.update(cols.columns.slice(0, keyCount), this.argColumn.map((c) => (c < 0 ? null : cols.columns[c]!)), cols.length);
    }
    const { keys, results } = agg.finish();
    yield { length: keys[0]?.length ?? 0, columns: [...keys, ...results].map((c, k) => ({ ...c, type: this.schema.fields[k]!.type })) };
  }

  describe(depth: number): string[] {
    return [
      `${indentBy(depth)}native hash aggregate by [${this.node.keys.join(", ")}]: ${this.node.aggregates.map((a) => `${a.name} = ${a.agg.fn}`).join(", ")} (keys and arguments: ${this.filtered ? "fused filter + derive + aggregate (one pass)" : this.projection.describe()})`,
      ...this.base.describe(depth + 1),
    ];
  }
}

/** Rewrites an expression over the chain's output into one over its base. */
export function bindTo(steps: FoldedSteps): (e: Expr) => Expr {
  const bindings = new Map(steps.columns.map((c) => [c.name, c.expr]));
  return (e) => substituteColumns(e, bindings);
}

/** The keys' and arguments' expressions (`exprs`, keys first; `argColumn` indexes them) as outputs of one program after the predicate. */
function filteredAggregation(base: Schema, predicate: Expr | null, exprs: readonly Expr[], keyCount: number, argColumn: readonly number[]): FilteredAggregation {
  const offset = predicate ? 1 : 0;
  const program = compileExprProgram(predicate ? [predicate, ...exprs] : [...exprs], base);
  return {
    program,
    predicate: predicate ? 0 : -1,
    keyOutputs: exprs.slice(0, keyCount).map((_e, k) => k + offset),
    argOutputs: argColumn.map((c) => (c < 0 ? -1 : c + offset)),
  };
}
