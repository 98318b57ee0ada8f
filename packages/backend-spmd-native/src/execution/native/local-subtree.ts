import type { RecordBatch } from "apache-arrow";
import { ARGUMENT_SOURCE_KIND, childrenOf, planHash, ScanNode, withChildren, type DataSource, type PlanNode, type Schema, type Stage, type StageGraph } from "@datajax/core-ir";
import { LocalBackend, type LocalCompiledStage } from "@datajax/backend-local";
import { nativeBatchOf, type NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";
import { scanSourceOf } from "./scan-source.js";

/** One Scan of the subtree, rebound to an argument slot of the rewritten fragment. */
interface ScanBinding {
  readonly slot: number;
  readonly scan: ScanNode;
}

/**
 * A subtree the kernels do not cover (strings, UDFs, unsupported aggregates or types), run exactly
 * as before on the local backend's TypeScript kernels over this rank's rows: each Scan is
 * rewritten into an argument Scan bound to this rank's share of its input, and the subtree runs as
 * a one-stage graph in a world of one. As a NativeOperator it hands its batches to a native parent.
 */
export class LocalSubtree implements NativeOperator {
  readonly schema: Schema;
  private readonly bindings: readonly ScanBinding[];
  private readonly localStage: Stage;
  private readonly local = new LocalBackend();
  private readonly compiled: LocalCompiledStage;

  /**
   * @param node - The subtree's root.
   * @param id - The stage id it runs under.
   * @param reason - Why it is not native (for describe()).
   */
  constructor(
    node: PlanNode,
    id: string,
    private readonly reason: string,
  ) {
    this.schema = node.schema;
    const bindings: ScanBinding[] = [];
    const rebound = new Map<ScanNode, ScanNode>();
    const rewrite = (n: PlanNode): PlanNode => {
      if (n.kind !== "Scan") return withChildren(n, childrenOf(n).map(rewrite));
      let scan = rebound.get(n);
      if (!scan) {
        const slot = bindings.length;
        bindings.push({ slot, scan: n });
        scan = ScanNode.create({ kind: ARGUMENT_SOURCE_KIND, name: n.source.name, uri: `arg:${slot}`, slot }, n.sourceSchema, { columns: n.columns, filter: n.filter, sharding: n.sharding });
        rebound.set(n, scan);
      }
      return scan;
    };
    const plan = rewrite(node);
    this.bindings = bindings;
    this.localStage = Object.freeze({ id, plan, inputs: Object.freeze([]), schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) });
    this.compiled = this.local.compile(this.localStage);
  }

  /** The subtree's output as the local backend yields it. */
  async *batches(ctx: NativeRunContext): AsyncIterable<RecordBatch> {
    const args = new Map<number, DataSource>();
    for (const { slot, scan } of this.bindings) args.set(slot, scanSourceOf(scan, ctx.inputs, ctx.place));
    const graph: StageGraph = { stages: [this.localStage], output: this.localStage.id };
    const { execution } = ctx;
    yield* this.local.execute(graph, new Map([[this.localStage.id, this.compiled]]), {
      arguments: args,
      udfs: execution.udfs,
      ...(execution.signal ? { signal: execution.signal } : {}),
      ...(execution.onProgress ? { onProgress: execution.onProgress } : {}),
      onStageMetrics: (m) => {
        ctx.counters.rowsIn += m.rowsIn;
        ctx.counters.bytesRead += m.bytesRead;
        ctx.counters.batches += m.batches;
      },
    });
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    for await (const b of this.batches(ctx)) yield nativeBatchOf(b, this.schema);
  }

  describe(depth: number): string[] {
    return [
      `${indentBy(depth)}typescript (the local backend's kernels, over this rank's rows; ${this.reason}):`,
      ...this.compiled.describe().split("\n").slice(1).map((line) => `${indentBy(depth)}  ${line}`),
    ];
  }
}
