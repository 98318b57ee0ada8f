import { planHash, resolveExpr, ScanNode, type PlanNode, type Schema } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";
import { CompiledChain, type ChainStep } from "../codegen/chain-compiler.js";
import { indent, type PhysicalOperator, type RunContext } from "./physical-operator.js";
import { ScanOperator } from "./scan-operator.js";

export type ChainNode = Extract<PlanNode, { kind: "Map" | "Filter" | "Project" }>;
export const isChainNode = (n: PlanNode): n is ChainNode => n.kind === "Map" || n.kind === "Filter" || n.kind === "Project";

/** A maximal run of Map/Filter/Project nodes, compiled into one fused loop per input layout. */
export class ChainOperator implements PhysicalOperator {
  readonly schema: Schema;
  readonly chain: CompiledChain;
  /** The operator below the chain (whose batches the chain's loop reads). */
  readonly input: PhysicalOperator;

  constructor(top: ChainNode, build: (n: PlanNode) => PhysicalOperator) {
    const nodes: ChainNode[] = [];
    let n: PlanNode = top;
    while (isChainNode(n)) { nodes.unshift(n); n = n.input; }
    // A filtered scan below: its filter joins this loop instead of materializing the rows it keeps.
    const scan = ScanNode.is(n) && n.filter ? new ScanOperator(n, { leaveFilter: true }) : null;
    this.input = scan ?? build(n);
    const own = nodes.map((x): ChainStep => {
      const scope = x.input.schema;
      switch (x.kind) {
        case "Filter": return { kind: "filter", predicate: resolveExpr(x.predicate, scope, "filter") };
        case "Map": return { kind: "map", assignments: x.assignments.map((a) => ({ name: a.name, expr: resolveExpr(a.expr, scope, "with_columns") })) };
        case "Project": return { kind: "project", columns: x.columns };
      }
    });
    const steps = scan ? [...scan.filterSteps, ...own] : own;
    this.schema = top.schema;
    this.chain = new CompiledChain(`chain|${planHash(top)}`, scan ? scan.schema : n.schema, steps, top.schema);
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
