import { type Data, type DataType, makeData, RecordBatch, Struct, Type, type Schema } from "apache-arrow";

/**
 * One row of one batch: the batch's index in the list handed to gatherRows, and the row in it.
 *
 * @example
 * ```ts
 * import type { RowRef } from "@datajax/runtime";
 *
 * // The third row of the second batch, then the first row of the first.
 * const refs: RowRef[] = [{ batch: 1, row: 2 }, { batch: 0, row: 0 }];
 * ```
 */
export interface RowRef {
  /** Index of the batch in the `batches` list handed to gatherRows. */
  readonly batch: number;
  /** Row within that batch (0-based). */
  readonly row: number;
}

const isSet = (bits: Uint8Array | null | undefined, i: number) => !bits || bits.length === 0 || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;

/**
 * Rows `refs` (in order) of `batches` as one record batch of `schema`: typed-array copies, no per-row Arrow `get`.
 * Every batch must have `schema`; a `null` batch (released) must not be referenced. Throws for
 * nested types, and for dictionary columns whose batches hold different dictionaries.
 * Arrow JS re-bases a sliced array's offsets and fixed-width values but not its bitmaps (validity,
 * booleans): those are read at `offset + row`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { gatherRows } from "@datajax/runtime";
 *
 * const table = tableFromArrays({ id: Int32Array.from([10, 20, 30]) });
 * const batch = gatherRows(table.schema, table.batches, [{ batch: 0, row: 2 }, { batch: 0, row: 0 }]);
 * batch.getChild("id")!.toArray(); // Int32Array [30, 10]
 * ```
 */
export function gatherRows(schema: Schema, batches: readonly (RecordBatch | null)[], refs: readonly RowRef[]): RecordBatch {
  const n = refs.length;
  // Released batches (null) hold no row that refs point to.
  const children = schema.fields.map((field, c) => gatherColumn(field.type, batches.map((b) => (b ? b.data.children[c]! : (null as unknown as Data))), refs, n));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}

function gatherColumn(type: DataType, parts: readonly Data[], refs: readonly RowRef[], n: number): Data {
  let nulls = 0;
  const validity = new Uint8Array((n + 7) >> 3);
  for (let j = 0; j < n; j++) {
    const { batch, row } = refs[j]!;
    const d = parts[batch]!;
    if (d.nullCount > 0 && !isSet(d.nullBitmap, d.offset + row)) nulls++;
    else validity[j >> 3]! |= 1 << (j & 7);
  }
  const nullBitmap = nulls > 0 ? validity : undefined;
  switch (type.typeId) {
    case Type.Utf8: {
      let total = 0;
      for (const { batch, row } of refs) {
        const d = parts[batch]!;
        total += d.valueOffsets[row + 1]! - d.valueOffsets[row]!;
      }
      const valueOffsets = new Int32Array(n + 1);
      const data = new Uint8Array(total);
      let at = 0;
      for (let j = 0; j < n; j++) {
        const { batch, row } = refs[j]!;
        const d = parts[batch]!;
        const s = d.valueOffsets[row]!;
        const e = d.valueOffsets[row + 1]!;
        data.set((d.values as Uint8Array).subarray(s, e), at);
        at += e - s;
        valueOffsets[j + 1] = at;
      }
      return makeData({ type, length: n, nullCount: nulls, nullBitmap, valueOffsets, data } as never);
    }
    case Type.Bool: {
      const data = new Uint8Array((n + 7) >> 3);
      for (let j = 0; j < n; j++) {
        const { batch, row } = refs[j]!;
        const d = parts[batch]!;
        if (isSet(d.values as Uint8Array, d.offset + row) && (d.values as Uint8Array).length > 0) data[j >> 3]! |= 1 << (j & 7);
      }
      return makeData({ type, length: n, nullCount: nulls, nullBitmap, data } as never);
    }
    case Type.Dictionary: {
      const live = parts.filter((p) => p);
      const dictionary = live[0]!.dictionary;
      if (live.some((p) => p.dictionary !== dictionary)) {
        throw new Error("dataset batches: dictionary-encoded columns whose batches have different dictionaries cannot be shuffled across batches yet; decode them to plain utf8 first (cast to utf8).");
      }
      return copyFixedWidth(type, parts, refs, n, nulls, nullBitmap, dictionary);
    }
    default: {
      const first = parts.find((p) => p);
      if (!ArrayBuffer.isView(first?.values) || first!.children.length > 0) {
        throw new Error(`dataset batches: columns of type ${String(type)} cannot be shuffled yet; select numeric, boolean, temporal and string columns.`);
      }
      return copyFixedWidth(type, parts, refs, n, nulls, nullBitmap);
    }
  }
}

/** Fixed-width values: copied as 32-bit (or 8/16-bit) words, so 64-bit values never pass through BigInt. */
function copyFixedWidth(type: DataType, parts: readonly Data[], refs: readonly RowRef[], n: number, nulls: number, nullBitmap: Uint8Array | undefined, dictionary?: unknown): Data {
  const sample = parts.find((p) => p)!.values as ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number };
  const width = sample.BYTES_PER_ELEMENT;
  const Ctor = sample.constructor as new (n: number) => ArrayBufferView & { length: number };
  const out = new Ctor(n);
  if (width === 8) {
    const o = new Int32Array(out.buffer);
    for (let j = 0; j < n; j++) {
      const { batch, row } = refs[j]!;
      const d = parts[batch]!;
      const v = d.values as ArrayBufferView;
      const w = new Int32Array(v.buffer, v.byteOffset, (v.byteLength >> 2));
      const i = 2 * row;
      o[2 * j] = w[i]!;
      o[2 * j + 1] = w[i + 1]!;
    }
  } else {
    const o = out as unknown as { [k: number]: number };
    for (let j = 0; j < n; j++) {
      const { batch, row } = refs[j]!;
      const d = parts[batch]!;
      o[j] = (d.values as unknown as { [k: number]: number })[row]!;
    }
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap, data: out, ...(dictionary ? { dictionary } : {}) } as never);
}
