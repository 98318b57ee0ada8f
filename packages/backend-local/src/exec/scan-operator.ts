import { columnsOf, findField, planHash, resolveExpr, schema as makeSchema, stageIdOf, type ScanNode, type Schema } from "@datajax/core-ir";
import { batchFromRecordBatch } from "../columns/arrow-import.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { CompiledChain, type ChainStep } from "../codegen/chain-compiler.js";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";
import { takeRows } from "../columns/take.js";
import { hashPartitionRows } from "../hash/row-hashes.js";

/**
 * Reads an argument (a DataSource) or another stage's materialized output. The projection is
 * pushed into the source; the filter is pushed as a hint and applied exactly here, on the
 * columns read (projection plus the filter's columns), before projecting to the scan's schema.
 */
export class ScanOperator implements PhysicalOperator {
  /** The batches' schema: the scan's, or the columns read when the filter is left to the consumer. */
  readonly schema: Schema;
  private readonly readSchema: Schema;
  /** The filter and the projection to the scan's schema, as chain steps over the columns read. */
  readonly filterSteps: readonly ChainStep[];
  private readonly filter: CompiledChain | null;

  /**
   * With `leaveFilter`, batches come unfiltered in the read schema, and the consumer runs
   * `filterSteps` itself (a chain above the scan fuses them into its own loop).
   */
  constructor(private readonly node: ScanNode, options: { readonly leaveFilter?: boolean } = {}) {
    const wanted = node.columns ? [...node.columns] : node.sourceSchema.fields.map((f) => f.name);
    if (node.filter) for (const c of columnsOf(node.filter)) if (!wanted.includes(c)) wanted.push(c);
    this.readSchema = makeSchema(wanted.map((n) => findField(node.sourceSchema, n)!));
    this.filterSteps = node.filter
      ? [
          { kind: "filter", predicate: resolveExpr(node.filter, this.readSchema, "scan filter") },
          { kind: "project", columns: node.schema.fields.map((f) => ({ name: f.name, from: f.name })) },
        ]
      : [];
    const leave = options.leaveFilter === true && node.filter !== undefined && node.filter !== null;
    this.schema = leave ? this.readSchema : node.schema;
    this.filter = node.filter && !leave ? new CompiledChain(`scan-filter|${planHash(node)}`, this.readSchema, this.filterSteps, node.schema) : null;
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const { source } = this.node;
    const columns = this.node.columns || this.node.filter ? this.readSchema.fields.map((f) => f.name) : null;
    const id = stageIdOf(source);
    if (id !== null) {
      const batches = ctx.stageOutputs.get(id);
      if (!batches) throw new Error(`backend-local: stage "${id}" is read before it ran; the stage graph must list stages in dependency order.`);
      for (const b of batches) yield* this.emit(this.byName(b), ctx);
      return;
    }
    const slot = source.slot ?? 0;
    const data = ctx.execution.arguments.get(slot);
    if (!data) throw new Error(`backend-local: no data bound to argument slot ${slot} (${source.name}); pass it in ExecutionContext.arguments.`);
    const counters = { bytesRead: 0, unitsTotal: 0, unitsSkipped: 0 };
    // On several ranks, each reads its share: a block of the source's units, or the rows whose key
    // hashes to it (an argument declared hash-sharded); replicated and unsharded inputs are read whole.
    const { index, count } = ctx.rank;
    const sharding = this.node.sharding;
    const partition = count > 1 && sharding.kind === "block" ? { partition: { index, count } } : {};
    const hashKeys = count > 1 && sharding.kind === "hash" ? sharding.keys.map((k) => this.readSchema.fields.findIndex((f) => f.name === k)) : null;
    for await (const rb of data.scan({ columns, filter: this.node.filter, ...partition }, counters)) {
      ctx.execution.signal?.throwIfAborted();
      const batch = batchFromRecordBatch(rb, this.readSchema);
      yield* this.emit(hashKeys ? rowsOfRank(batch, hashKeys, index, count) : batch, ctx);
    }
    ctx.counters.bytesRead += counters.bytesRead;
  }

  private byName(b: ColumnBatch): ColumnBatch {
    return columnBatch(this.readSchema, b.length, this.readSchema.fields.map((f) => b.columns[b.schema.fields.findIndex((g) => g.name === f.name)]!));
  }

  private *emit(b: ColumnBatch, ctx: RunContext): Iterable<ColumnBatch> {
    ctx.counters.rowsIn += b.length;
    ctx.counters.batches++;
    const out = this.filter ? this.filter.run(b) : b;
    if (out.length > 0 || b.length === 0) yield out;
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}scan ${this.node.source.name} [${this.schema.fields.map((f) => f.name).join(", ")}]${this.filter ? ` + ${this.filter.describe()}` : ""}`];
  }
}

/** The rows of `batch` whose key tuple hashes to rank `index` of `count`. */
function rowsOfRank(batch: ColumnBatch, keys: readonly number[], index: number, count: number): ColumnBatch {
  const ranks = hashPartitionRows(keys.map((k) => batch.columns[k]!), batch.length, count);
  const mine = new Int32Array(batch.length);
  let n = 0;
  for (let i = 0; i < batch.length; i++) if (ranks[i] === index) mine[n++] = i;
  return columnBatch(batch.schema, n, batch.columns.map((c) => takeRows(c, mine, n)));
}

