import type { LimitNode, PlanNode, Schema } from "@datajax/core-ir";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { sliceColumn } from "../columns/slice.js";
import { takeRows } from "../columns/take.js";
import { GroupKeyTable } from "../hash/group-key-table.js";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";

/** Skips `offset` rows, passes `count`, then stops pulling from its input. */
export class LimitOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly input: PhysicalOperator;
  constructor(private readonly node: LimitNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    this.input = build(node.input);
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    if (this.node.by.length > 0) {
      yield* this.perGroup(ctx);
      return;
    }
    let skip = this.node.offset;
    let left = this.node.count;
    if (left === 0) return;
    for await (const b of this.input.run(ctx)) {
      if (skip >= b.length) { skip -= b.length; continue; }
      const start = skip;
      const end = Math.min(b.length, start + left);
      skip = 0;
      left -= end - start;
      yield start === 0 && end === b.length ? b : columnBatch(this.schema, end - start, b.columns.map((c) => sliceColumn(c, start, end)));
      if (left === 0) return;
    }
  }

  /** Per group of rows equal on `by`: rows number offset .. offset + count - 1 of each group pass. */
  private async *perGroup(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const keyIndex = this.node.by.map((k) => this.schema.fields.findIndex((f) => f.name === k));
    const table = new GroupKeyTable(keyIndex.map((i) => this.schema.fields[i]!.type));
    let seen = new Int32Array(64);
    const from = this.node.offset;
    const to = this.node.offset + this.node.count;
    for await (const b of this.input.run(ctx)) {
      const gids = table.assign(keyIndex.map((i) => b.columns[i]!), b.length);
      if (table.groupCount > seen.length) { const grown = new Int32Array(Math.max(table.groupCount, seen.length * 2)); grown.set(seen); seen = grown; }
      const keep = new Int32Array(b.length);
      let n = 0;
      for (let i = 0; i < b.length; i++) {
        const k = seen[gids[i]!]!++;
        if (k >= from && k < to) keep[n++] = i;
      }
      if (n > 0) yield n === b.length ? b : columnBatch(this.schema, n, b.columns.map((c) => takeRows(c, keep, n)));
    }
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}limit ${this.node.count} offset ${this.node.offset}${this.node.by.length ? ` by [${this.node.by.join(", ")}]` : ""}`, ...this.input.describe(depth + 1)];
  }
}
