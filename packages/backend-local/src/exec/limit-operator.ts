import type { LimitNode, PlanNode, Schema } from "@datajax/core-ir";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { sliceColumn } from "../columns/slice.js";
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

  describe(depth: number): string[] {
    return [`${indent(depth)}limit ${this.node.count} offset ${this.node.offset}`, ...this.input.describe(depth + 1)];
  }
}
