import type { Schema } from "@datajax/core-ir";
import { FusedProjection, type FoldedSteps } from "./fused-projection.js";
import type { NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

/** A Filter/Map/Project chain (and a Scan's pushed filter) over a base operator, fused into one kernel pass per batch. */
export class NativeChain implements NativeOperator {
  private readonly projection: FusedProjection;

  constructor(
    private readonly base: NativeOperator,
    steps: FoldedSteps,
    readonly schema: Schema,
    private readonly label: string,
  ) {
    this.projection = new FusedProjection(base.schema, steps.predicate, steps.columns.map((c) => c.expr), schema.fields.map((f) => f.type));
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    for await (const b of this.base.run(ctx)) {
      const out = this.projection.apply(b);
      if (out.length > 0 || b.length === 0) yield out;
    }
  }

  describe(depth: number): string[] {
    return [`${indentBy(depth)}native ${this.label}: ${this.projection.describe()}`, ...this.base.describe(depth + 1)];
  }
}
