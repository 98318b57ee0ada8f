import type { JoinNode, PlanNode, Schema } from "@datajax/core-ir";
import { allNullColumn, type Column } from "../columns/column.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { conformColumn } from "../columns/conform.js";
import { takeRows } from "../columns/take.js";
import { collectBatch } from "../exec/collect-batches.js";
import { indent, type PhysicalOperator, type RunContext } from "../exec/physical-operator.js";
import { GroupKeyTable } from "../hash/group-key-table.js";
import type { ChainLookup } from "../codegen/chain-compiler.js";
import { finishOutput } from "../codegen/output-writer.js";
import { runLookupProbe, type LookupProbeResult } from "./lookup-probe-compiler.js";

/** The build side as a key table plus its rows grouped by key (CSR: rows[start[g]..start[g+1])). */
export interface BuildSide {
  readonly batch: ColumnBatch;
  readonly table: GroupKeyTable;
  readonly start: Int32Array;
  readonly rows: Int32Array;
  /** When every key has exactly one build row: the build rows in group-id order (row g is group g's). */
  readonly byGroup: ColumnBatch | null;
}

/**
 * One probe batch of a join as a fused consumer reads it (HashJoinOperator.pieces):
 * - rows: output rows, materialized;
 * - lookup: the rows of a left batch (`batch`), not yet joined: output row i is `left` row i
 *   (columns conformed to the output types) followed by the `right` columns (the build rows in
 *   group order) at the build row `lookup.index` gives its key, input `lookup.keyInput`; a row
 *   without one is dropped (`lookup.inner`) or reads nulls. `materialize` joins such rows.
 */
export type JoinPiece =
  | { readonly kind: "rows"; readonly batch: ColumnBatch }
  | { readonly kind: "lookup"; readonly left: readonly Column[]; readonly right: readonly Column[]; readonly lookup: ChainLookup; readonly batch: ColumnBatch; readonly build: BuildSide };

/**
 * Hash join: the right input is the build side (materialized, grouped by key on typed arrays),
 * the left input streams through and probes it. Null keys never match. Output columns follow
 * JoinNode: left columns with keys coalesced (left value, else right value), then the right
 * non-key columns; semi/anti output left rows once.
 */
export class HashJoinOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly left: PhysicalOperator;
  private readonly right: PhysicalOperator;
  private readonly leftKeys: number[];
  private readonly rightKeys: number[];
  private readonly rightKept: number[];

  constructor(private readonly node: JoinNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    this.left = build(node.left);
    this.right = build(node.right);
    const ls = node.left.schema.fields.map((f) => f.name);
    const rs = node.right.schema.fields.map((f) => f.name);
    this.leftKeys = node.leftOn.map((k) => ls.indexOf(k));
    this.rightKeys = node.rightOn.map((k) => rs.indexOf(k));
    this.rightKept = rs.map((_n, i) => i).filter((i) => !this.rightKeys.includes(i));
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const build = this.buildSide(await collectBatch(this.right, ctx));
    const how = this.node.how;
    const matched = how === "right" || how === "full" ? new Uint8Array(build.batch.length) : null;
    for await (const b of this.left.run(ctx)) {
      ctx.execution.signal?.throwIfAborted();
      const out = this.probe(b, build, matched);
      if (out.length > 0) yield out;
    }
    if (matched) {
      let count = 0;
      for (let r = 0; r < matched.length; r++) if (!matched[r]) count++;
      const ri = new Int32Array(count);
      let k = 0;
      for (let r = 0; r < matched.length; r++) if (!matched[r]) ri[k++] = r;
      if (count > 0) yield this.assemble(null, new Int32Array(0), build.batch, ri, count, true);
    }
  }

  /**
   * The output as pieces for a consumer that does a unique-key lookup in its own loop
   * (AggregateOperator): for inner and left joins on one key whose build keys are unique and
   * densely indexed, every left batch comes as a lookup piece; otherwise batches come
   * materialized, as run() yields them.
   */
  async *pieces(ctx: RunContext): AsyncIterable<JoinPiece> {
    const how = this.node.how;
    if ((how !== "inner" && how !== "left") || this.leftKeys.length !== 1) {
      for await (const batch of this.run(ctx)) yield { kind: "rows", batch };
      return;
    }
    const build = this.buildSide(await collectBatch(this.right, ctx));
    const index = build.byGroup ? build.table.denseIndex() : null;
    const leftCount = this.node.left.schema.fields.length;
    const right = build.byGroup ? this.rightKept.map((i, x) => conformColumn(build.byGroup!.columns[i]!, this.schema.fields[leftCount + x]!.type)) : [];
    const lookup: ChainLookup | null = index ? { keyInput: this.leftKeys[0]!, inner: how === "inner", index } : null;
    for await (const b of this.left.run(ctx)) {
      ctx.execution.signal?.throwIfAborted();
      if (b.length === 0) continue;
      if (lookup) {
        const left = b.columns.map((c, j) => conformColumn(c, this.schema.fields[j]!.type));
        yield { kind: "lookup", left, right, lookup, batch: b, build };
        continue;
      }
      const out = this.probe(b, build, null);
      if (out.length > 0) yield { kind: "rows", batch: out };
    }
  }

  /** The join's output for a lookup piece's rows: all of them (`rows` null), or its rows rows[0..count). */
  materialize(piece: Extract<JoinPiece, { kind: "lookup" }>, rows: Int32Array | null, count: number): ColumnBatch {
    const b = rows ? columnBatch(piece.batch.schema, count, piece.batch.columns.map((c) => takeRows(c, rows, count))) : piece.batch;
    return this.probe(b, piece.build, null);
  }

  private buildSide(batch: ColumnBatch): BuildSide {
    const table = new GroupKeyTable(this.rightKeys.map((i) => this.node.right.schema.fields[i]!.type));
    const gids = table.assign(this.rightKeys.map((i) => batch.columns[i]!), batch.length, false);
    const G = table.groupCount;
    const start = new Int32Array(G + 1);
    for (let r = 0; r < gids.length; r++) if (gids[r]! >= 0) start[gids[r]! + 1]!++;
    for (let g = 0; g < G; g++) start[g + 1]! += start[g]!;
    const cursor = start.slice(0, G);
    const rows = new Int32Array(start[G]!);
    for (let r = 0; r < gids.length; r++) { const g = gids[r]!; if (g >= 0) rows[cursor[g]!++] = r; }
    const byGroup = rows.length === G ? columnBatch(batch.schema, G, batch.columns.map((c) => takeRows(c, rows, G))) : null;
    return { batch, table, start, rows, byGroup };
  }

  private probe(b: ColumnBatch, build: BuildSide, matched: Uint8Array | null): ColumnBatch {
    const n = b.length;
    const how = this.node.how;
    const dense = build.byGroup && (how === "inner" || how === "left") ? build.table.denseIndex() : null;
    if (dense) {
      // Unique, densely indexed build keys: one generated pass finds each row's build row and gathers.
      const probe = runLookupProbe(this.leftKeys.map((i) => b.columns[i]!), this.rightKept.map((i) => build.byGroup!.columns[i]!), n, dense);
      if (probe.misses === 0 || how === "left") return this.assembleLookup(b, build.byGroup!, probe);
      return this.probeGroups(b, build, matched, probe.gids);
    }
    return this.probeGroups(b, build, matched, build.table.lookup(this.leftKeys.map((i) => b.columns[i]!), n));
  }

  /** Output of a lookup probe: every left row once (inner: all matched), right columns gathered. */
  private assembleLookup(left: ColumnBatch, byGroup: ColumnBatch, probe: LookupProbeResult): ColumnBatch {
    const n = left.length;
    const leftCount = this.node.left.schema.fields.length;
    const columns: Column[] = left.columns.map((c, j) => conformColumn(c, this.schema.fields[j]!.type));
    this.rightKept.forEach((i, x) => {
      const type = this.schema.fields[leftCount + x]!.type;
      const raw = probe.gathered[x];
      const source = byGroup.columns[i]!;
      columns.push(conformColumn(raw ? finishOutput(raw, source.type, n) : takeRows(source, probe.gids, n), type));
    });
    return columnBatch(this.schema, n, columns);
  }

  /** The general probe, from each row's group id (-1: no match). */
  private probeGroups(b: ColumnBatch, build: BuildSide, matched: Uint8Array | null, gids: Int32Array): ColumnBatch {
    const n = b.length;
    const how = this.node.how;
    if (how === "semi" || how === "anti") {
      const keep = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < n; i++) if ((gids[i]! >= 0) === (how === "semi")) keep[k++] = i;
      return columnBatch(this.schema, k, b.columns.map((c, j) => conformColumn(k === n ? c : takeRows(c, keep, k), this.schema.fields[j]!.type)));
    }
    const keepUnmatched = how === "left" || how === "full";
    if (build.byGroup && (how === "inner" || how === "left")) {
      // Unique build keys (not densely indexed): a row's group id is its build row in byGroup.
      let misses = 0;
      for (let i = 0; i < n; i++) if (gids[i]! < 0) misses++;
      if (misses === 0 || how === "left") return this.assemble(b, null, build.byGroup, gids, n, false);
    }
    const { start, rows } = build;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const g = gids[i]!;
      const c = g >= 0 ? start[g + 1]! - start[g]! : 0;
      total += c > 0 ? c : keepUnmatched ? 1 : 0;
    }
    const li = new Int32Array(total);
    const ri = new Int32Array(total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const g = gids[i]!;
      if (g >= 0) {
        for (let p = start[g]!; p < start[g + 1]!; p++) {
          li[k] = i;
          const r = rows[p]!;
          ri[k++] = r;
          if (matched) matched[r] = 1;
        }
      } else if (keepUnmatched) {
        li[k] = i;
        ri[k++] = -1;
      }
    }
    return this.assemble(b, total === n && isIdentity(li, n) ? null : li, build.batch, ri, total, false);
  }

  /**
   * Output rows (li[k], ri[k]); -1 on a side makes its columns null; `li` null means every left
   * row once, in order (no gather). `rightOnly` rows take keys from the right.
   */
  private assemble(left: ColumnBatch | null, li: Int32Array | null, right: ColumnBatch, ri: Int32Array, count: number, rightOnly: boolean): ColumnBatch {
    const columns: Column[] = [];
    const leftFields = this.node.left.schema.fields;
    leftFields.forEach((f, j) => {
      const type = this.schema.fields[j]!.type;
      const key = this.leftKeys.indexOf(j);
      if (rightOnly) {
        const src = key >= 0 ? right.columns[this.rightKeys[key]!]! : null;
        columns.push(conformColumn(src ? takeRows(src, ri, count) : allNullColumn(f.type, count), type));
      } else {
        // Every probe row matched exactly once (a foreign key into a dimension): no gather needed.
        columns.push(conformColumn(li === null ? left!.columns[j]! : takeRows(left!.columns[j]!, li, count), type));
      }
    });
    this.rightKept.forEach((i, x) => {
      const type = this.schema.fields[leftFields.length + x]!.type;
      columns.push(conformColumn(takeRows(right.columns[i]!, ri, count), type));
    });
    return columnBatch(this.schema, count, columns);
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}hash join ${this.node.how} on [${this.node.leftOn.join(", ")}] = [${this.node.rightOn.join(", ")}] (build: right)`, ...this.left.describe(depth + 1), ...this.right.describe(depth + 1)];
  }
}

function isIdentity(indices: Int32Array, count: number): boolean {
  for (let k = 0; k < count; k++) if (indices[k] !== k) return false;
  return true;
}
