import type { Schema, SortNode } from "@datajax/core-ir";
import { takeColumn } from "../../kernels/expr-kernels.js";
import { ASYNC_SORT_ROWS, sortPermutation, sortPermutationAsync } from "../../kernels/sort-permutation.js";
import { concatBatches, type NativeBatch } from "./native-batch.js";
import { indentBy, type NativeOperator, type NativeRunContext } from "./native-operator.js";

/**
 * A Sort on the native stable sort: collects its input, orders it by a permutation (on a worker
 * thread from ASYNC_SORT_ROWS rows), yields one batch.
 */
export class NativeSort implements NativeOperator {
  readonly schema: Schema;
  private readonly keys: { readonly index: number; readonly descending: boolean; readonly nullsLast: boolean }[];

  constructor(
    private readonly input: NativeOperator,
    private readonly node: SortNode,
  ) {
    this.schema = node.schema;
    this.keys = node.keys.map((k) => ({ index: input.schema.fields.findIndex((f) => f.name === k.column), descending: k.descending, nullsLast: k.nullsLast }));
  }

  async *run(ctx: NativeRunContext): AsyncIterable<NativeBatch> {
    const parts: NativeBatch[] = [];
    for await (const b of this.input.run(ctx)) if (b.length > 0) parts.push(b);
    if (parts.length === 0) return;
    const all = concatBatches(parts, this.schema);
    const keys = this.keys.map((k) => ({ column: all.columns[k.index]!, descending: k.descending, nullsLast: k.nullsLast }));
    // A large sort runs on a worker thread: the event loop is not held for its n log n.
    const order = all.length >= ASYNC_SORT_ROWS ? await sortPermutationAsync(keys, all.length) : sortPermutation(keys, all.length);
    yield { length: all.length, columns: all.columns.map((c) => takeColumn(c, order)) };
  }

  describe(depth: number): string[] {
    const keys = this.node.keys.map((k) => `${k.column} ${k.descending ? "desc" : "asc"}${k.nullsLast ? "" : " nulls first"}`);
    return [`${indentBy(depth)}native sort [${keys.join(", ")}] (stable permutation)`, ...this.input.describe(depth + 1)];
  }
}
