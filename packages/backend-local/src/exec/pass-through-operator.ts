import type { PlanNode, Schema } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";

/**
 * A node that does not change rows on one process: Repartition (every rank is this process; the
 * rank simulation will split here) and a GroupBy that is not under an Aggregate.
 */
export class PassThroughOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly input: PhysicalOperator;
  constructor(private readonly label: string, node: PlanNode & { input: PlanNode }, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    this.input = build(node.input);
  }
  run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    return this.input.run(ctx);
  }
  describe(depth: number): string[] {
    return [`${indent(depth)}${this.label} (pass-through)`, ...this.input.describe(depth + 1)];
  }
}
