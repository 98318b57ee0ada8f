import * as arrow from "apache-arrow";
import { fromArrowType, fieldIndex, type DataType, type Schema } from "@datajax/core-ir";
import { makeColumn, storageFor, type Column, type ValueArray } from "./column.js";
import { rebaseBitmap } from "./bitmap.js";
import { columnBatch, type ColumnBatch } from "./column-batch.js";
import { concatColumns } from "./concat.js";

const dictionaryCache = new WeakMap<object, Column>();

/** Wraps one Arrow array (no copy unless bit offsets are unaligned or offsets are 64-bit). */
export function columnFromArrowData(data: arrow.Data, type: DataType): Column {
  const { offset, length } = data;
  if (length === 0 && type.id !== "null" && !arrow.DataType.isDictionary(data.type)) {
    // An empty array may come without buffers (apache-arrow's makeData given none, and slices of it).
    const { values, offsets } = storageFor(type, 0);
    return makeColumn({ type, length: 0, values, offsets, validity: null, nullCount: 0 });
  }
  const nullCount = data.nullBitmap && data.nullBitmap.length > 0 ? data.nullCount : 0;
  const validity = nullCount > 0 ? rebaseBitmap(data.nullBitmap!, offset, length) : null;
  if (type.id === "null") return makeColumn({ type, length, values: new Float64Array(length), validity: new Uint8Array((length + 7) >> 3), nullCount: length });
  if (type.id === "bool") {
    return makeColumn({ type, length, values: rebaseBitmap(data.values as Uint8Array, offset, length), validity, nullCount });
  }
  if (type.id === "utf8" && arrow.DataType.isDictionary(data.type)) {
    const raw = data.values as ValueArray;
    const indices = raw instanceof Int32Array ? raw : Int32Array.from(raw as ArrayLike<number>, Number);
    return makeColumn({ type, length, values: indices, validity, nullCount, dictionary: dictionaryColumn(data.dictionary!) });
  }
  if (type.id === "utf8") {
    const raw = data.valueOffsets as Int32Array | BigInt64Array;
    const offsets = raw instanceof Int32Array ? raw : Int32Array.from(raw, Number);
    return makeColumn({ type, length, values: data.values as Uint8Array, validity, nullCount, offsets });
  }
  return makeColumn({ type, length, values: data.values as ValueArray, validity, nullCount });
}

function dictionaryColumn(dict: arrow.Vector): Column {
  const cached = dictionaryCache.get(dict);
  if (cached) return cached;
  const type: DataType = { id: "utf8", dictionary: false };
  const parts = dict.data.map((d) => columnFromArrowData(d, type));
  const column = parts.length === 1 ? parts[0]! : concatColumns(type, parts);
  dictionaryCache.set(dict, column);
  return column;
}

/** The columns of `batch` named by `schema` (by name; the batch may carry more). */
export function batchFromRecordBatch(batch: arrow.RecordBatch, schema: Schema): ColumnBatch {
  const fields = batch.schema.fields;
  const columns = schema.fields.map((f) => {
    let i = f.name === fields[0]?.name ? 0 : fields.findIndex((g) => g.name === f.name);
    if (i < 0) i = fieldIndex(schema, f.name);
    const data = batch.data.children[i];
    if (!data) throw new Error(`backend-local: the source returned no column "${f.name}"; it returned [${fields.map((g) => g.name).join(", ")}].`);
    // The column keeps the physical type it arrived in (dictionary or not, int32 for int64...):
    // kernels read by physical type, and export conforms it to the schema.
    return columnFromArrowData(data, fromArrowType(f.name, data.type));
  });
  return columnBatch(schema, batch.numRows, columns);
}
