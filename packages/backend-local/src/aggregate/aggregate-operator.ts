import { GroupByNode, MapNode, planHash, ProjectNode, resolveAggregate, type AggregateNode, type PlanNode, type Schema } from "@datajax/core-ir";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { layoutOf, prepareInput } from "../codegen/column-access.js";
import { GroupKeyTable } from "../hash/group-key-table.js";
import { indent, type PhysicalOperator, type RunContext } from "../exec/physical-operator.js";
import { aggregateKernels, type AggregateKernel } from "./aggregate-kernels.js";
import { compileAggregateUpdate } from "./aggregate-update-compiler.js";
import { GroupStates } from "./group-states.js";

const ARG_PREFIX = "__djx_agg_arg_";

/**
 * Hash aggregation (or a global aggregate when the input is not a GroupBy). The aggregates'
 * argument expressions are appended to the input as a Map, so they fuse into the input's
 * Map/Filter loop; per batch the key table assigns group ids and one generated loop updates all
 * aggregates. State is one typed array per aggregate state, indexed by group id.
 */
export class AggregateOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly input: PhysicalOperator;
  private readonly kernels: AggregateKernel[];
  private readonly argInputs: (number | null)[];
  private readonly key: string;

  constructor(private readonly node: AggregateNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    const grouped = GroupByNode.is(node.input) ? node.input.input : node.input;
    const typed = node.aggregates.map((a) => resolveAggregate(a.agg, grouped.schema, `agg ${a.name}`));
    const assignments = node.aggregates.flatMap((a, i) => (a.agg.arg ? [{ name: `${ARG_PREFIX}${i}`, expr: a.agg.arg }] : []));
    const withArgs = assignments.length > 0 ? MapNode.create(grouped, assignments) : grouped;
    const prepared = ProjectNode.select(withArgs, [...node.keys, ...assignments.map((a) => a.name)]);
    this.input = build(prepared);
    let next = 0;
    this.argInputs = node.aggregates.map((a) => (a.agg.arg ? next++ : null));
    this.kernels = typed.map((t) => aggregateKernels[t.fn](t.arg ? t.arg.type : null));
    this.key = planHash(node);
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const keyCount = this.node.keys.length;
    const global = keyCount === 0;
    const table = new GroupKeyTable(this.node.keys.map((k) => this.schema.fields.find((f) => f.name === k)!.type));
    const states = new GroupStates(this.kernels.map((k) => k.states));
    for await (const b of this.input.run(ctx)) {
      ctx.execution.signal?.throwIfAborted();
      if (b.length === 0) continue;
      const gids = global ? null : table.assign(b.columns.slice(0, keyCount), b.length);
      states.ensure(global ? 1 : table.groupCount);
      const args = b.columns.slice(keyCount);
      const update = compileAggregateUpdate(this.key, this.kernels, this.argInputs, args.map(layoutOf), global);
      update(args.map(prepareInput), b.length, gids, states.arrays);
    }
    const groups = global ? 1 : table.groupCount;
    states.ensure(groups);
    const columns = [
      ...(global ? [] : table.keyColumns()),
      ...this.kernels.map((k, a) => k.finish(states.arrays[a]!, groups, this.schema.fields[keyCount + a]!.type)),
    ];
    yield columnBatch(this.schema, groups, columns);
  }

  describe(depth: number): string[] {
    const what = this.node.aggregates.map((a) => `${a.name}=${a.agg.fn}`).join(", ");
    return [`${indent(depth)}${this.node.keys.length ? `hash aggregate by [${this.node.keys.join(", ")}]` : "global aggregate"}: ${what} (one generated update loop)`, ...this.input.describe(depth + 1)];
  }
}
