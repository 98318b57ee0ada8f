import * as arrow from "apache-arrow";
import { toArrowSchema, type Schema } from "@datajax/core-ir";
import type { Column } from "./column.js";
import type { ColumnBatch } from "./column-batch.js";
import { conformColumn } from "./conform.js";

/** Wraps a column as Arrow data of `type` (no copy except re-basing utf8 offsets that do not start at 0). */
export function columnToArrowData(c: Column, type: arrow.DataType): arrow.Data {
  const length = c.length;
  const nullBitmap = c.validity ?? undefined;
  const nullCount = c.nullCount;
  if (arrow.DataType.isNull(type)) return arrow.makeData({ type, length });
  if (arrow.DataType.isDictionary(type)) {
    const dictionary = arrow.makeVector(columnToArrowData(c.dictionary!, type.dictionary));
    return arrow.makeData({ type, length, nullCount, nullBitmap, data: c.values as Int32Array, dictionary } as never);
  }
  if (arrow.DataType.isUtf8(type)) {
    let offsets = c.offsets!;
    let bytes = c.values as Uint8Array;
    if (offsets[0] !== 0) {
      const base = offsets[0]!;
      bytes = bytes.subarray(base, offsets[length]!);
      offsets = offsets.map((o) => o - base);
    }
    return arrow.makeData({ type, length, nullCount, nullBitmap, data: bytes, valueOffsets: offsets });
  }
  return arrow.makeData({ type, length, nullCount, nullBitmap, data: c.values } as never);
}

/** An Arrow record batch of `batch` under `arrowSchema` (the output schema of a stage). */
export function toRecordBatch(batch: ColumnBatch, schema: Schema, arrowSchema: arrow.Schema = toArrowSchema(schema)): arrow.RecordBatch {
  const children = schema.fields.map((f, i) => columnToArrowData(conformColumn(batch.columns[i]!, f.type), arrowSchema.fields[i]!.type));
  const data = arrow.makeData({ type: new arrow.Struct(arrowSchema.fields), length: batch.length, nullCount: 0, children });
  return new arrow.RecordBatch(arrowSchema, data);
}
