import type { PlanNode, Schema, UnionNode } from "@datajax/core-ir";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { conformColumn } from "../columns/conform.js";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";

/** UNION ALL: each input in order, columns converted to the union's (promoted) types. */
export class UnionOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly inputs: PhysicalOperator[];
  constructor(node: UnionNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    this.inputs = node.inputs.map(build);
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    for (const input of this.inputs) {
      for await (const b of input.run(ctx)) {
        yield columnBatch(this.schema, b.length, b.columns.map((c, i) => conformColumn(c, this.schema.fields[i]!.type)));
      }
    }
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}union all`, ...this.inputs.flatMap((i) => i.describe(depth + 1))];
  }
}
