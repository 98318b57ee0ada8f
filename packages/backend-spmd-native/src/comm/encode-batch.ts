import type { Data, RecordBatch } from "apache-arrow";
import { BATCH_FORMAT_VERSION, BATCH_MAGIC, COLUMN_DESCRIPTOR_BYTES, HEADER_BYTES, align8, typeTagOf } from "./batch-format.js";
import { assertDataMatches, type ColumnLayout, columnLayoutOf } from "./column-layout.js";
import { copyBits } from "./copy-bits.js";
import { encodeSchema } from "./schema-bytes.js";

/** A batch measured for encoding: its exact encoded size and how to write it. */
export interface EncodedBatchPlan {
  /** Bytes the batch takes (a multiple of 8). */
  readonly byteLength: number;
  /** Writes the batch into `target` (at least byteLength bytes; its start 8-byte aligned in its buffer). */
  write(target: Uint8Array): void;
}

interface ColumnPlan {
  readonly data: Data;
  readonly layout: ColumnLayout;
  readonly typeTag: number;
  readonly nullCount: number;
  readonly validityBytes: number;
  readonly offsetsBytes: number;
  readonly valuesBytes: number;
}

/**
 * Measures `batch` for the exchange format (batch-format.ts). Pass `schemaBytes` from encodeSchema
 * when encoding many batches of one schema. Throws UnsupportedNativeTypeError for columns that
 * have no flat layout (nested, dictionary, view types).
 */
export function planBatchEncoding(batch: RecordBatch, schemaBytes = encodeSchema(batch.schema), where = "exchange"): EncodedBatchPlan {
  const fields = batch.schema.fields;
  const columns: ColumnPlan[] = fields.map((field, c) => {
    const data = batch.data.children[c]!;
    const layout = columnLayoutOf(field, where);
    assertDataMatches(data, layout, field, where);
    const n = data.length;
    const nullCount = layout.kind === "null" ? n : data.nullCount;
    const validityBytes = layout.kind !== "null" && nullCount > 0 ? (n + 7) >> 3 : 0;
    let offsetsBytes = 0;
    let valuesBytes = 0;
    if (layout.kind === "fixed") valuesBytes = n * layout.bytesPerRow;
    else if (layout.kind === "bool") valuesBytes = (n + 7) >> 3;
    else if (layout.kind === "variable") {
      offsetsBytes = (n + 1) * 4;
      valuesBytes = n === 0 ? 0 : data.valueOffsets[n]! - data.valueOffsets[0]!;
    }
    const typeTag = typeTagOf(field.type.typeId, layout.kind === "fixed" ? layout.bytesPerRow : 0);
    return { data, layout, typeTag, nullCount, validityBytes, offsetsBytes, valuesBytes };
  });
  let byteLength = HEADER_BYTES + align8(schemaBytes.byteLength) + columns.length * COLUMN_DESCRIPTOR_BYTES;
  for (const c of columns) byteLength += align8(c.validityBytes) + align8(c.offsetsBytes) + align8(c.valuesBytes);
  return { byteLength, write: (target) => writeBatch(target, batch.numRows, schemaBytes, columns) };
}

function writeBatch(target: Uint8Array, rowCount: number, schemaBytes: Uint8Array, columns: readonly ColumnPlan[]): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  const words = [BATCH_MAGIC, BATCH_FORMAT_VERSION, rowCount, columns.length, schemaBytes.byteLength, 0];
  words.forEach((w, i) => view.setInt32(i * 4, w, true));
  target.set(schemaBytes, HEADER_BYTES);
  let at = HEADER_BYTES + align8(schemaBytes.byteLength);
  for (const c of columns) {
    [c.typeTag, c.nullCount, c.validityBytes, c.offsetsBytes, c.valuesBytes, 0].forEach((w, i) => view.setInt32(at + i * 4, w, true));
    at += COLUMN_DESCRIPTOR_BYTES;
  }
  for (const c of columns) at = writeColumn(target, at, c);
}

function writeColumn(target: Uint8Array, at: number, c: ColumnPlan): number {
  const { data, layout } = c;
  const n = data.length;
  if (c.validityBytes > 0) copyBits(data.nullBitmap!, data.offset, n, target.subarray(at, at + c.validityBytes));
  at += align8(c.validityBytes);
  if (layout.kind === "variable") {
    const src = data.valueOffsets as Int32Array;
    const base = n === 0 ? 0 : src[0]!;
    const offsets = new Int32Array(target.buffer, target.byteOffset + at, n + 1); // aligned: `at` is a multiple of 8
    for (let i = 0; i <= n; i++) offsets[i] = n === 0 ? 0 : src[i]! - base;
    at += align8(c.offsetsBytes);
    const bytes = data.values as Uint8Array;
    target.set(bytes.subarray(base, base + c.valuesBytes), at);
  } else if (layout.kind === "fixed") {
    const v = data.values as ArrayBufferView;
    target.set(new Uint8Array(v.buffer, v.byteOffset, c.valuesBytes), at);
  } else if (layout.kind === "bool") {
    copyBits(data.values as Uint8Array, data.offset, n, target.subarray(at, at + c.valuesBytes));
  }
  return at + align8(c.valuesBytes);
}

/**
 * `batch` in the exchange format, in a fresh buffer (one batch; exchangeBatches plans many into
 * one send buffer instead).
 *
 * @example
 * ```ts
 * import { decodeBatch, encodeBatch } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const bytes = encodeBatch(tableFromArrays({ x: Float64Array.of(1.5, 2.5) }).batches[0]!);
 * decodeBatch(bytes).getChild("x")!.get(1); // 2.5
 * ```
 */
export function encodeBatch(batch: RecordBatch): Uint8Array {
  const plan = planBatchEncoding(batch);
  const bytes = new Uint8Array(plan.byteLength);
  plan.write(bytes);
  return bytes;
}
