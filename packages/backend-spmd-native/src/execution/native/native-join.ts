import { formatType, sameType, type JoinNode, type Schema } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../../errors/unsupported-native-type-error.js";
import { takeColumn } from "../../kernels/expr-kernels.js";
import { HashJoinTable } from "../../kernels/hash-join.js";
import type { NativeColumn } from "../../kernels/native-column.js";
import { concatBatches, type NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

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
    const builds: NativeBatch[] = [];
    for await (const b of this.right.run(ctx)) builds.push(b);
    const build = concatBatches(builds, this.right.schema);
    const table = new HashJoinTable(this.rightKeys.map((i) => this.right.schema.fields[i]!.type), this.leftKeys.map((i) => this.left.schema.fields[i]!.type));
    table.build(this.rightKeys.map((i) => build.columns[i]!), build.length);
    const how = this.node.how;
    for await (const b of this.left.run(ctx)) {
      ctx.execution.signal?.throwIfAborted();
      const { left, right } = table.probe(this.leftKeys.map((i) => b.columns[i]!), b.length, how);
      const n = left.length;
      if (n === 0) continue;
      const everyRowOnce = n === b.length && isIdentity(left);
      const columns: NativeColumn[] = b.columns.map((c) => (everyRowOnce ? c : takeColumn(c, left)));
      if (right) for (const i of this.rightKept) columns.push(takeColumn(build.columns[i]!, right));
      yield { length: n, columns: columns.map((c, k) => ({ ...c, type: this.schema.fields[k]!.type })) };
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

function isIdentity(indices: Int32Array): boolean {
  for (let k = 0; k < indices.length; k++) if (indices[k] !== k) return false;
  return true;
}
