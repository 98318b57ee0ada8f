import { formatType, sameType, type JoinNode, type Schema } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../../errors/unsupported-native-type-error.js";
import { takeColumn } from "../../kernels/expr-kernels.js";
import { isGatheredColumn, type GatheredColumn } from "../../kernels/gathered-column.js";
import { HashJoinTable } from "../../kernels/hash-join.js";
import type { NativeColumn } from "../../kernels/native-column.js";
import { concatBatches, type NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

/** A join output batch whose build columns may still be gathers over the build side. */
export interface GatheredBatch {
  readonly length: number;
  readonly columns: readonly (NativeColumn | GatheredColumn)[];
}

/**
 * An inner, left, semi or anti Join on the native hash join: the right input is the build side
 * (collected, then built once), the left streams through and probes it. Output columns follow
 * JoinNode: the left columns (keys as the left holds them), then the right non-key columns.
 * The constructor throws UnsupportedNativeTypeError for right/full joins and for plans whose
 * output types differ from the inputs' (a widened key), which stay on the local backend.
 */
export class NativeJoin implements NativeOperator {
  readonly schema: Schema;
  private readonly leftKeys: number[];
  private readonly rightKeys: number[];
  private readonly rightKept: number[];

  constructor(
    private readonly left: NativeOperator,
    private readonly right: NativeOperator,
    private readonly node: JoinNode,
  ) {
    this.schema = node.schema;
    const how = node.how;
    if (how === "right" || how === "full") throw new UnsupportedNativeTypeError("native join", how, "right/full join");
    const ls = left.schema.fields;
    const rs = right.schema.fields;
    this.leftKeys = node.leftOn.map((k) => ls.findIndex((f) => f.name === k));
    this.rightKeys = node.rightOn.map((k) => rs.findIndex((f) => f.name === k));
    this.rightKept = rs.map((_f, i) => i).filter((i) => !this.rightKeys.includes(i));
    const sources = [...ls, ...(how === "semi" || how === "anti" ? [] : this.rightKept.map((i) => rs[i]!))];
    if (sources.length !== this.schema.fields.length) throw new UnsupportedNativeTypeError("native join", "output", "a schema of another shape");
    sources.forEach((f, k) => {
      const want = this.schema.fields[k]!.type;
      if (!sameType(f.type, want)) throw new UnsupportedNativeTypeError("native join", f.name, `${formatType(f.type)} widened to ${formatType(want)}`);
    });
    new HashJoinTable(this.rightKeys.map((i) => rs[i]!.type), this.leftKeys.map((i) => ls[i]!.type));
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    for await (const b of this.gathered(ctx)) {
      yield { length: b.length, columns: b.columns.map((c) => (isGatheredColumn(c) ? takeColumn(c.column, c.take) : c)) };
    }
  }

  /**
   * The join's output batches with the build (right) columns left unmaterialised where every
   * probe row pairs with at most one build row in order (a group-by joined back): those come as
   * GatheredColumns over the build side, for a fused kernel above (filterAggregate) to read in
   * its pass. Other batches are materialised as run() gives them.
   */
  async *gathered(ctx: NativeRunContext): AsyncIterable<GatheredBatch> {
    const builds: NativeBatch[] = [];
    for await (const b of this.right.run(ctx)) builds.push(b);
    const build = concatBatches(builds, this.right.schema);
    const table = new HashJoinTable(this.rightKeys.map((i) => this.right.schema.fields[i]!.type), this.leftKeys.map((i) => this.left.schema.fields[i]!.type));
    table.build(this.rightKeys.map((i) => build.columns[i]!), build.length);
    const how = this.node.how;
    // The build rows of a probe are read (gathered or materialised) before the next probe, so one
    // scratch array serves every batch of a build side with one row per key.
    let scratch = new Int32Array(0);
    for await (const b of this.left.run(ctx)) {
      ctx.execution.signal?.throwIfAborted();
      if (scratch.length < b.length) scratch = new Int32Array(b.length);
      const matches = table.probe(this.leftKeys.map((i) => b.columns[i]!), b.length, how, scratch);
      const { right, everyRowOnce } = matches;
      const n = matches.pairs;
      if (n === 0) continue;
      const columns: (NativeColumn | GatheredColumn)[] = b.columns.map((c) => (everyRowOnce ? c : takeColumn(c, matches.left)));
      if (right) for (const i of this.rightKept) columns.push(everyRowOnce ? { column: build.columns[i]!, take: right } : takeColumn(build.columns[i]!, right));
      yield { length: n, columns: columns.map((c, k) => (isGatheredColumn(c) ? { column: { ...c.column, type: this.schema.fields[k]!.type }, take: c.take } : { ...c, type: this.schema.fields[k]!.type })) };
    }
  }

  describe(depth: number): string[] {
    return [
      `${indentBy(depth)}native hash join ${this.node.how} on [${this.node.leftOn.join(", ")}] = [${this.node.rightOn.join(", ")}] (build: right)`,
      ...this.left.describe(depth + 1),
      ...this.right.describe(depth + 1),
    ];
  }
}
