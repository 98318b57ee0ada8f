import type { LimitNode, Schema } from "@datajax/core-ir";
import { takeColumn } from "../../kernels/expr-kernels.js";
import type { NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

/** A Limit over all rows (no `by`): skips `offset` rows, keeps `count`, and stops reading its input once done. */
export class NativeLimit implements NativeOperator {
  readonly schema: Schema;

  constructor(
    private readonly input: NativeOperator,
    private readonly node: LimitNode,
  ) {
    this.schema = node.schema;
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    let skip = this.node.offset;
    let left = this.node.count;
    if (left === 0) return;
    for await (const b of this.input.run(ctx)) {
      const from = Math.min(skip, b.length);
      skip -= from;
      const n = Math.min(left, b.length - from);
      if (n <= 0) continue;
      left -= n;
      if (from === 0 && n === b.length) yield b;
      else {
        const rows = new Int32Array(n);
        for (let i = 0; i < n; i++) rows[i] = from + i;
        yield { length: n, columns: b.columns.map((c) => takeColumn(c, rows)) };
      }
      if (left === 0) return;
    }
  }

  describe(depth: number): string[] {
    return [`${indentBy(depth)}native limit ${this.node.count}${this.node.offset > 0 ? ` offset ${this.node.offset}` : ""}`, ...this.input.describe(depth + 1)];
  }
}
