import type { PlanNode, Schema, SortNode } from "@datajax/core-ir";
import type { Column } from "../columns/column.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { numbersOf } from "../columns/number-access.js";
import { takeRows } from "../columns/take.js";
import { decodeStrings } from "../columns/utf8-codec.js";
import { collectBatch } from "../exec/collect-batches.js";
import { indent, type PhysicalOperator, type RunContext } from "../exec/physical-operator.js";

/** Sort keys reduced to typed arrays: numbers, or ranks of strings (dictionary entries sorted once). */
interface PreparedKey {
  readonly values: ArrayLike<number> | readonly string[];
  readonly validity: Uint8Array | null;
  readonly descending: number;
  readonly nullsLast: boolean;
}

function prepareKey(c: Column, descending: boolean, nullsLast: boolean): PreparedKey {
  let values: ArrayLike<number> | readonly string[];
  if (c.type.id !== "utf8") values = numbersOf(c);
  else if (c.dictionary) {
    const dict = decodeStrings(c.dictionary);
    const order = dict.map((_s, i) => i).sort((a, b) => (dict[a]! < dict[b]! ? -1 : dict[a]! > dict[b]! ? 1 : 0));
    const rank = new Float64Array(dict.length);
    order.forEach((e, r) => { rank[e] = r; });
    const idx = c.values as Int32Array;
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = rank[idx[i]!] ?? 0;
    values = out;
  } else values = decodeStrings(c);
  return { values, validity: c.validity, descending: descending ? -1 : 1, nullsLast };
}

/**
 * Stable multi-key sort of the whole input (a pipeline breaker): computes a permutation with a
 * comparator over prepared key arrays (ties fall back to input order), then gathers each column.
 * Nulls go first or last per key, independent of direction; NaN sorts above every number.
 */
export class SortOperator implements PhysicalOperator {
  readonly schema: Schema;
  private readonly input: PhysicalOperator;

  constructor(private readonly node: SortNode, build: (n: PlanNode) => PhysicalOperator) {
    this.schema = node.schema;
    this.input = build(node.input);
  }

  async *run(ctx: RunContext): AsyncIterable<ColumnBatch> {
    const all = await collectBatch(this.input, ctx);
    const n = all.length;
    const names = this.schema.fields.map((f) => f.name);
    const keys = this.node.keys.map((k) => prepareKey(all.columns[names.indexOf(k.column)]!, k.descending, k.nullsLast));
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    perm.sort((a, b) => {
      for (let x = 0; x < keys.length; x++) {
        const k = keys[x]!;
        const v = k.validity;
        const an = v !== null && ((v[a >> 3]! >> (a & 7)) & 1) === 0;
        const bn = v !== null && ((v[b >> 3]! >> (b & 7)) & 1) === 0;
        if (an || bn) {
          if (an && bn) continue;
          return (an ? 1 : -1) * (k.nullsLast ? 1 : -1);
        }
        const p = k.values[a]!;
        const q = k.values[b]!;
        if (p === q) continue;
        let c: number;
        if (p !== p) c = 1;
        else if (q !== q) c = -1;
        else c = p < q ? -1 : p > q ? 1 : 0;
        if (c !== 0) return c * k.descending;
      }
      return a - b;
    });
    yield columnBatch(this.schema, n, all.columns.map((c) => takeRows(c, perm, n)));
  }

  describe(depth: number): string[] {
    return [`${indent(depth)}sort by [${this.node.keys.map((k) => `${k.column}${k.descending ? " desc" : ""}${k.nullsLast ? "" : " nulls first"}`).join(", ")}] (stable)`, ...this.input.describe(depth + 1)];
  }
}
