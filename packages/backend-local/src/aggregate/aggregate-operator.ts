import { GroupByNode, MapNode, planHash, ProjectNode, resolveAggregate, type AggregateNode, type PlanNode, type Schema } from "@datajax/core-ir";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { takeRows } from "../columns/take.js";
import { layoutOf, prepareInput } from "../codegen/column-access.js";
import type { AggregateSink } from "../codegen/chain-compiler.js";
import { ChainOperator } from "../exec/chain-operator.js";
import { GroupKeyTable, type DenseKeyIndex } from "../hash/group-key-table.js";
import { HashJoinOperator, type JoinPiece } from "../join/hash-join-operator.js";
import { indent, type PhysicalOperator, type RunContext } from "../exec/physical-operator.js";
import { aggregateKernels, type AggregateKernel } from "./aggregate-kernels.js";
import { compileAggregateUpdate } from "./aggregate-update-compiler.js";
import { GroupStates } from "./group-states.js";

const ARG_PREFIX = "__djx_agg_arg_";

/**
 * The most dense-index slots for which the fused loop runs: the states are sized to the slot
 * count (every slot may become a group), so a larger key space takes the materializing path.
 */
const FUSED_MAX_SLOTS = 1 << 16;

const slotCountOf = (dense: DenseKeyIndex): number => dense.sizes.reduce((a, b) => a * b, 1);

/**
 * A run's GroupStates and key table go back to the operator for the next run (with the kernels
 * bound to them, see GroupStates.bound) when the states are small enough to bind to
 * (GroupStates.bindable); the operator keeps at most POOLED_STATES pairs per rank (one per run in
 * flight at once).
 */
const POOLED_STATES = 2;

/** What one run of an Aggregate accumulates into. */
interface Accumulators {
  readonly table: GroupKeyTable;
  readonly states: GroupStates;
}

/**
 * Hash aggregation (or a global aggregate when the input is not a GroupBy). The aggregates'
 * argument expressions are appended to the input as a Map, so the input's Map/Filter chain, the
 * keys and the arguments form one chain. A global aggregate, and a grouped one whose keys sit in a
 * small dense index, run that chain fused with the updates: one generated loop per batch, nothing
 * materialized. Otherwise (the first batch, wide or non-integral keys, rows whose keys fall outside
 * the index so far) the chain materializes keys and arguments, the key table assigns group ids,
 * and a generated loop updates the states (GroupStates: one record of doubles per group, at
 * the group's dense slot while the fused loop runs).
 */
export class AggregateOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly input: ChainOperator;
  private readonly kernels: AggregateKernel[];
  private readonly argInputs: (number | null)[];
  private readonly key: string;
  private readonly sink: AggregateSink;
  /**
   * The accumulators of finished runs, for the next runs (see POOLED_STATES), by rank: a
   * rank's share of the keys, and so its key table's ranges and bound kernels, is the same from
   * run to run.
   */
  private readonly idle = new Map<number, Accumulators[]>();

  constructor(private readonly node: AggregateNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    const grouped = GroupByNode.is(node.input) ? node.input.input : node.input;
    const typed = node.aggregates.map((a) => resolveAggregate(a.agg, grouped.schema, `agg ${a.name}`));
    const assignments = node.aggregates.flatMap((a, i) => (a.agg.arg ? [{ name: `${ARG_PREFIX}${i}`, expr: a.agg.arg }] : []));
    const withArgs = assignments.length > 0 ? MapNode.create(grouped, assignments) : grouped;
    this.input = new ChainOperator(ProjectNode.select(withArgs, [...node.keys, ...assignments.map((a) => a.name)]), build);
    let next = 0;
    this.argInputs = node.aggregates.map((a) => (a.agg.arg ? next++ : null));
    this.kernels = typed.map((t) => aggregateKernels[t.fn](t.arg, node.keys.length > 0));
    this.key = planHash(node);
    this.sink = { key: this.key, keyCount: node.keys.length, kernels: this.kernels, argInputs: this.argInputs };
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const keyCount = this.node.keys.length;
    const global = keyCount === 0;
    const idle = this.idle.get(ctx.rank.index) ?? [];
    this.idle.set(ctx.rank.index, idle);
    const pooled = idle.pop();
    if (pooled) {
      pooled.table.reset();
      pooled.states.reset();
    }
    const { table, states } = pooled ?? {
      table: new GroupKeyTable(this.node.keys.map((k) => this.schema.fields.find((f) => f.name === k)!.type)),
      states: new GroupStates(this.kernels.map((k) => k.states)),
    };
    const chain = this.input.chain;
    let deferred = new Int32Array(0);
    // Records by dense slot while the key table's index is small enough for the fused loop, by
    // group id otherwise. When the table re-indexes (its ranges grew) or leaves dense mode, the
    // records move (GroupStates.placeBy).
    /** Follows the key table's index; returns it where the fused loop can use it. */
    const place = (): DenseKeyIndex | null => {
      const dense = table.denseIndex();
      const fused = dense !== null && slotCountOf(dense) <= FUSED_MAX_SLOTS ? dense : null;
      states.placeBy(fused ? fused.slots : null, table.groupCount, fused ? slotCountOf(fused) : table.groupCount);
      return fused;
    };
    /** The materializing path: chain output → key table → update loop. */
    const materialized = (raw: ColumnBatch): void => {
      const b = chain.run(raw);
      if (b.length === 0) return;
      const gids = global ? null : table.assign(b.columns.slice(0, keyCount), b.length);
      const fused = global ? null : place();
      states.ensure(global ? 1 : fused ? slotCountOf(fused) : table.groupCount);
      const records = fused ? states.placement(table.groupCount) : null;
      // Group ids → their records (slots).
      if (gids && records) for (let i = 0; i < gids.length; i++) gids[i] = records[gids[i]!]!;
      const args = b.columns.slice(keyCount);
      const update = compileAggregateUpdate(this.key, this.kernels, this.argInputs, args.map(layoutOf), states, global);
      update(args.map(prepareInput), b.length, gids, states);
    };
    states.ensure(1);
    // Over a join, its unique-key lookups run inside the fused loop, reading the build columns in place.
    const join = this.input.input instanceof HashJoinOperator ? this.input.input : null;
    const pieces: AsyncIterable<JoinPiece> = join ? join.pieces(ctx) : batchesAsPieces(this.input.input.run(ctx));
    for await (const piece of pieces) {
      ctx.execution.signal?.throwIfAborted();
      const n = piece.batch.length;
      if (n === 0) continue;
      const dense = global ? null : place();
      if (!global && dense === null) {
        materialized(piece.kind === "rows" ? piece.batch : join!.materialize(piece, null, n));
        continue;
      }
      states.ensure(dense ? slotCountOf(dense) : 1);
      if (deferred.length < n) deferred = new Int32Array(n);
      if (piece.kind === "rows") {
        const raw = piece.batch;
        const d = chain.runAggregate(raw, this.sink, dense, states, global ? null : table, deferred);
        if (d > 0) materialized(columnBatch(raw.schema, d, raw.columns.map((c) => takeRows(c, deferred, d))));
        continue;
      }
      const gathered = piece.lookup.inner ? "always" : "or-null";
      const layouts = [...piece.left.map(layoutOf), ...piece.right.map((c) => ({ ...layoutOf(c), gathered }) as const)];
      const inputs = [...piece.left, ...piece.right].map(prepareInput);
      const d = chain.runAggregateInputs(layouts, inputs, n, this.sink, dense, states, global ? null : table, deferred, piece.lookup);
      if (d > 0) materialized(join!.materialize(piece, deferred, d));
    }
    const groups = global ? 1 : table.groupCount;
    states.ensure(groups);
    const columns = [
      ...(global ? [] : table.keyColumns()),
      ...this.kernels.map((k, a) => k.finish(states.unpack(a, groups), groups, this.schema.fields[keyCount + a]!.type)),
    ];
    // The columns are copies (unpack) or the table's stores, which its reset leaves to them: both
    // can serve the next run.
    if (states.bindable && idle.length < POOLED_STATES) idle.push({ table, states });
    yield columnBatch(this.schema, groups, columns);
  }

  describe(depth: number): string[] {
    const what = this.node.aggregates.map((a) => `${a.name}=${a.agg.fn}`).join(", ");
    return [
      `${indent(depth)}${this.node.keys.length ? `hash aggregate by [${this.node.keys.join(", ")}]` : "global aggregate"}: ${what} (fused into the ${this.input.chain.describe()})`,
      ...this.input.input.describe(depth + 1),
    ];
  }
}

async function* batchesAsPieces(batches: AsyncIterable<ColumnBatch>): AsyncIterable<JoinPiece> {
  for await (const batch of batches) yield { kind: "rows", batch };
}
