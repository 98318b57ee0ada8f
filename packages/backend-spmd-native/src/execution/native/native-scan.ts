import { columnsOf, findField, schema as makeSchema, type ScanNode, type Schema } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../../errors/unsupported-native-type-error.js";
import { hasNativeLayout, nativeBatchOf, type NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";
import { scanSourceOf } from "./scan-source.js";

/**
 * A Scan's rows as kernel columns (views of the Arrow buffers, no copy): the projected columns plus
 * those its pushed filter reads (the filter itself is folded into the operator above, see
 * planNative). Throws UnsupportedNativeTypeError when a column read has no kernel layout.
 */
export class NativeScan implements NativeOperator {
  readonly schema: Schema;

  constructor(readonly node: ScanNode) {
    const wanted = node.columns ? [...node.columns] : node.sourceSchema.fields.map((f) => f.name);
    if (node.filter) for (const c of columnsOf(node.filter)) if (!wanted.includes(c)) wanted.push(c);
    this.schema = makeSchema(wanted.map((n) => findField(node.sourceSchema, n)!));
    if (!hasNativeLayout(this.schema)) throw new UnsupportedNativeTypeError("native scan", node.source.name, "a column without a kernel layout");
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    const data = scanSourceOf(this.node, ctx.inputs, ctx.place);
    const columns = this.node.columns || this.node.filter ? this.schema.fields.map((f) => f.name) : null;
    const counters = { bytesRead: 0, unitsTotal: 0, unitsSkipped: 0 };
    for await (const rb of data.scan({ columns, filter: this.node.filter }, counters)) {
      ctx.execution.signal?.throwIfAborted();
      ctx.counters.rowsIn += rb.numRows;
      ctx.counters.batches++;
      await ctx.turns.between();
      yield nativeBatchOf(rb, this.schema);
    }
    ctx.counters.bytesRead += counters.bytesRead;
  }

  describe(depth: number): string[] {
    return [`${indentBy(depth)}native scan ${this.node.source.name} [${this.schema.fields.map((f) => f.name).join(", ")}] (Arrow buffers viewed in place)`];
  }
}
