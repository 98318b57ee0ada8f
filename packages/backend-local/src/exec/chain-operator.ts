import { planHash, resolveExpr, type PlanNode, type Schema } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";
import { CompiledChain, type ChainStep } from "../codegen/chain-compiler.js";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";

export type ChainNode = Extract<PlanNode, { kind: "Map" | "Filter" | "Project" }>;
export const isChainNode = (n: PlanNode): n is ChainNode => n.kind === "Map" || n.kind === "Filter" || n.kind === "Project";

/** A maximal run of Map/Filter/Project nodes, compiled into one fused loop per input layout. */
export class ChainOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly chain: CompiledChain;
  private readonly input: PhysicalOperator;

  constructor(top: ChainNode, build: (n: PlanNode) => PhysicalOperator) {
    const nodes: ChainNode[] = [];
    let n: PlanNode = top;
    while (isChainNode(n)) { nodes.unshift(n); n = n.input; }
    this.input = build(n);
    const steps: ChainStep[] = nodes.map((x): ChainStep => {
      const scope = x.input.schema;
      switch (x.kind) {
        case "Filter": return { kind: "filter", predicate: resolveExpr(x.predicate, scope, "filter") };
        case "Map": return { kind: "map", assignments: x.assignments.map((a) => ({ name: a.name, expr: resolveExpr(a.expr, scope, "with_columns") })) };
        case "Project": return { kind: "project", columns: x.columns };
      }
    });
    this.schema = top.schema;
    this.chain = new CompiledChain(`chain|${planHash(top)}`, n.schema, steps, top.schema);
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    for await (const b of this.input.run(ctx)) {
      ctx.execution.signal?.throwIfAborted();
      const out = this.chain.run(b);
      if (out.length > 0) yield out;
    }
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}${this.chain.describe()}`, ...this.input.describe(depth + 1)];
  }
}
