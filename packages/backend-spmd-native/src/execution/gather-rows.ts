import * as arrow from "apache-arrow";
import { UnsupportedNativeTypeError } from "../errors/unsupported-native-type-error.js";

/** Rows of one record batch: all of them (`rows` null) or the rows at these indices, in order. */
export interface RowSelection {
  readonly batch: arrow.RecordBatch;
  readonly rows: Int32Array | null;
}

/** `schema` with every dictionary-encoded field replaced by its value type (what gatherRows emits). */
export function plainSchemaOf(schema: arrow.Schema): arrow.Schema {
  if (!schema.fields.some((f) => arrow.DataType.isDictionary(f.type))) return schema;
  const fields = schema.fields.map((f) => (arrow.DataType.isDictionary(f.type) ? new arrow.Field(f.name, f.type.dictionary, f.nullable, f.metadata) : f));
  return new arrow.Schema(fields, schema.metadata);
}

/**
 * One record batch holding the selected rows of `parts`, in order (a concatenation, a take, or
 * both): the batches' columns are read by position and must share the first batch's types
 * (`expected` is the schema when there are no parts). Buffers are
 * copied into fresh ones starting at offset 0; dictionary-encoded utf8 is decoded to plain utf8
 * (the wire format of the exchanges has no dictionaries), so the result's schema is
 * plainSchemaOf of the batches' schema. Throws UnsupportedNativeTypeError for nested types.
 */
export function gatherRows(expected: arrow.Schema, parts: readonly RowSelection[]): arrow.RecordBatch {
  // The batches' own types decide how columns are read (a batch that crossed an exchange is plain utf8).
  const schema = parts[0]?.batch.schema ?? expected;
  const out = plainSchemaOf(schema);
  const length = parts.reduce((n, p) => n + (p.rows ? p.rows.length : p.batch.numRows), 0);
  const children = schema.fields.map((f, c) =>
    gatherColumn(
      f,
      out.fields[c]!.type,
      parts.map((p) => ({ data: p.batch.data.children[c]!, rows: p.rows, count: p.rows ? p.rows.length : p.batch.numRows })),
      length,
    ),
  );
  return new arrow.RecordBatch(out, arrow.makeData({ type: new arrow.Struct(out.fields), length, nullCount: 0, children }));
}

/** The empty record batch of `schema`. */
export function emptyBatch(schema: arrow.Schema): arrow.RecordBatch {
  return gatherRows(schema, []);
}

interface Piece {
  readonly data: arrow.Data;
  readonly rows: Int32Array | null;
  readonly count: number;
}

const rowAt = (p: Piece, i: number): number => (p.rows ? p.rows[i]! : i);

function isValid(data: arrow.Data, row: number): boolean {
  if (data.nullCount === 0) return true;
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0) return data.typeId !== arrow.Type.Null;
  const bit = data.offset + row;
  return ((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

/** The validity bitmap of the gathered rows (null when none is null) and the null count. */
function gatherValidity(pieces: readonly Piece[], length: number): { bitmap: Uint8Array | undefined; nullCount: number } {
  if (!pieces.some((p) => p.data.nullCount > 0)) return { bitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array((length + 7) >> 3);
  let at = 0;
  let nulls = 0;
  for (const p of pieces) {
    for (let i = 0; i < p.count; i++, at++) {
      if (isValid(p.data, rowAt(p, i))) bitmap[at >> 3]! |= 1 << (at & 7);
      else nulls++;
    }
  }
  return { bitmap, nullCount: nulls };
}

function gatherColumn(field: arrow.Field, outType: arrow.DataType, pieces: readonly Piece[], length: number): arrow.Data {
  const type = field.type;
  if (arrow.DataType.isNull(type)) return arrow.makeData({ type: outType as arrow.Null, length });
  const { bitmap, nullCount } = gatherValidity(pieces, length);
  if (arrow.DataType.isBool(type)) {
    const values = new Uint8Array((length + 7) >> 3);
    let at = 0;
    for (const p of pieces) {
      const src = p.data.values as Uint8Array;
      for (let i = 0; i < p.count; i++, at++) {
        const bit = p.data.offset + rowAt(p, i);
        if ((src[bit >> 3]! >> (bit & 7)) & 1) values[at >> 3]! |= 1 << (at & 7);
      }
    }
    return arrow.makeData({ type: outType as arrow.Bool, length, nullCount, nullBitmap: bitmap, data: values });
  }
  if (arrow.DataType.isDictionary(type)) {
    if (!arrow.DataType.isUtf8(type.dictionary)) throw new UnsupportedNativeTypeError("gatherRows", field.name, String(type));
    const strings = pieces.map((p) => {
      const dict = flatUtf8(p.data.dictionary!);
      const indices = p.data.values as ArrayLike<number>;
      return { count: p.count, valid: (i: number) => isValid(p.data, rowAt(p, i)), span: (i: number): [Uint8Array, number, number] => { const k = Number(indices[rowAt(p, i)]); return [dict.bytes, dict.offsets[k]!, dict.offsets[k + 1]!]; } };
    });
    return utf8Data(outType as arrow.Utf8, strings, length, bitmap, nullCount);
  }
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isBinary(type)) {
    const strings = pieces.map((p) => {
      const offsets = p.data.valueOffsets as Int32Array;
      const bytes = p.data.values as Uint8Array;
      return { count: p.count, valid: () => true, span: (i: number): [Uint8Array, number, number] => { const r = rowAt(p, i); return [bytes, offsets[r]!, offsets[r + 1]!]; } };
    });
    return utf8Data(outType as arrow.Utf8, strings, length, bitmap, nullCount);
  }
  if (!isFixedWidth(type)) throw new UnsupportedNativeTypeError("gatherRows", field.name, String(type));
  const ArrayType = type.ArrayType as unknown as { new (b: ArrayBuffer): ArrayBufferView; readonly BYTES_PER_ELEMENT: number };
  const stride = pieces[0]?.data.stride ?? 1;
  const rowBytes = ArrayType.BYTES_PER_ELEMENT * stride;
  const wordBytes = rowBytes % 4 === 0 ? 4 : rowBytes % 2 === 0 ? 2 : 1;
  const Word = wordBytes === 4 ? Uint32Array : wordBytes === 2 ? Uint16Array : Uint8Array;
  const words = rowBytes / wordBytes;
  const buffer = new ArrayBuffer(length * rowBytes);
  const dst = new Word(buffer);
  let at = 0;
  for (const p of pieces) {
    const v = p.data.values as ArrayBufferView;
    const src = new Word(v.buffer as ArrayBuffer, v.byteOffset, Math.floor(v.byteLength / wordBytes));
    if (!p.rows) {
      dst.set(src.subarray(0, p.count * words), at * words);
      at += p.count;
      continue;
    }
    for (let i = 0; i < p.count; i++, at++) {
      const from = p.rows[i]! * words;
      const to = at * words;
      for (let w = 0; w < words; w++) dst[to + w] = src[from + w]!;
    }
  }
  return arrow.makeData({ type: outType, length, nullCount, nullBitmap: bitmap, data: new ArrayType(buffer) } as never);
}

const fixedWidthTypes = new Set<arrow.Type>([arrow.Type.Int, arrow.Type.Float, arrow.Type.Date, arrow.Type.Time, arrow.Type.Timestamp, arrow.Type.Duration, arrow.Type.Interval, arrow.Type.Decimal, arrow.Type.FixedSizeBinary]);
const isFixedWidth = (type: arrow.DataType): boolean => fixedWidthTypes.has(type.typeId);

interface StringPiece {
  readonly count: number;
  valid(i: number): boolean;
  span(i: number): [Uint8Array, number, number];
}

/** A utf8 (or binary) column of the pieces' strings; null rows get empty strings. */
function utf8Data(type: arrow.Utf8, pieces: readonly StringPiece[], length: number, bitmap: Uint8Array | undefined, nullCount: number): arrow.Data {
  const offsets = new Int32Array(length + 1);
  let total = 0;
  let at = 0;
  for (const p of pieces) {
    for (let i = 0; i < p.count; i++, at++) {
      if (p.valid(i)) { const [, s, e] = p.span(i); total += e - s; }
      offsets[at + 1] = total;
    }
  }
  const bytes = new Uint8Array(total);
  at = 0;
  for (const p of pieces) {
    for (let i = 0; i < p.count; i++, at++) {
      if (!p.valid(i)) continue;
      const [src, s, e] = p.span(i);
      bytes.set(src.subarray(s, e), offsets[at]!);
    }
  }
  return arrow.makeData({ type, length, nullCount, nullBitmap: bitmap, data: bytes, valueOffsets: offsets });
}

const flatDictionaries = new WeakMap<arrow.Vector, { offsets: Int32Array; bytes: Uint8Array }>();

/** A dictionary's strings as one offsets array into one byte array. */
function flatUtf8(dict: arrow.Vector): { offsets: Int32Array; bytes: Uint8Array } {
  const cached = flatDictionaries.get(dict);
  if (cached) return cached;
  const one = dict.data.length === 1 && dict.data[0]!.offset === 0 ? dict.data[0]! : gatherColumn(new arrow.Field("dictionary", new arrow.Utf8()), new arrow.Utf8(), dict.data.map((d) => ({ data: d, rows: null, count: d.length })), dict.length);
  const flat = { offsets: one.valueOffsets as Int32Array, bytes: one.values as Uint8Array };
  flatDictionaries.set(dict, flat);
  return flat;
}
