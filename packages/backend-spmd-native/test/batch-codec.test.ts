import {
  Binary,
  Bool,
  DateDay,
  DateMillisecond,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int8,
  Int32,
  Int64,
  List,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  TimestampMicrosecond,
  Uint16,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import { decodeBatch, encodeBatch, ExchangePayloadError, UnsupportedNativeTypeError } from "../src/index.js";
import { decodeSchema, encodeSchema } from "../src/comm/schema-bytes.js";

// The exchange wire format: what exchangeBatches sends is what the receiver rebuilds, column by column.

const fields = [
  new Field("i8", new Int8(), true),
  new Field("u16", new Uint16(), true),
  new Field("i32", new Int32(), false),
  new Field("i64", new Int64(), true),
  new Field("f32", new Float32(), true),
  new Field("f64", new Float64(), true),
  new Field("day", new DateDay(), true),
  new Field("ms", new DateMillisecond(), true),
  new Field("ts", new TimestampMicrosecond(), true),
  new Field("s", new Utf8(), true),
  new Field("bin", new Binary(), true),
  new Field("flag", new Bool(), true),
  new Field("nothing", new Null(), true),
];
const schema = new Schema(fields, new Map([["origin", "test"]]));

function sampleBatch(n: number): RecordBatch {
  const values: Record<string, unknown[]> = {
    i8: Array.from({ length: n }, (_, k) => (k % 5 === 0 ? null : (k % 256) - 128)),
    u16: Array.from({ length: n }, (_, k) => (k * 977) % 65536),
    i32: Array.from({ length: n }, (_, k) => k * 1_000_003 - 2 ** 30),
    i64: Array.from({ length: n }, (_, k) => (k % 3 === 0 ? null : BigInt(k) * 2n ** 40n - 5n)),
    f32: Array.from({ length: n }, (_, k) => (k % 4 === 1 ? null : k / 3)),
    f64: Array.from({ length: n }, (_, k) => (k % 7 === 2 ? null : k === 3 ? Number.NaN : k * Math.PI)),
    day: Array.from({ length: n }, (_, k) => (k % 6 === 0 ? null : new Date(Date.UTC(2024, 0, 1 + k)))),
    ms: Array.from({ length: n }, (_, k) => new Date(Date.UTC(2024, 0, 1, 0, 0, k))),
    ts: Array.from({ length: n }, (_, k) => (k % 2 ? 1_700_000_000_000 + k : null)),
    s: Array.from({ length: n }, (_, k) => (k % 9 === 4 ? null : `row ${k} ${"ü🚕".repeat(k % 3)}`)),
    bin: Array.from({ length: n }, (_, k) => Uint8Array.from({ length: k % 4 }, (_, j) => j + k)),
    flag: Array.from({ length: n }, (_, k) => (k % 8 === 7 ? null : k % 3 === 0)),
    nothing: Array.from({ length: n }, () => null),
  };
  const children = fields.map((f) => vectorFromArray(values[f.name]!, f.type).data[0]!);
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
}

const rowsOf = (b: RecordBatch) =>
  JSON.stringify(
    Array.from({ length: b.numRows }, (_, k) => b.schema.fields.map((f) => b.getChild(f.name)!.get(k))),
    (_, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : Number.isNaN(v) ? "NaN" : v),
  );

describe("batch exchange format", () => {
  it("round-trips every supported layout with nulls, and keeps the schema and its metadata", () => {
    const batch = sampleBatch(70);
    const back = decodeBatch(encodeBatch(batch));
    expect(back.schema.fields.map(String)).toEqual(schema.fields.map(String));
    expect(back.schema.metadata.get("origin")).toBe("test");
    expect(back.numRows).toBe(70);
    expect(rowsOf(back)).toBe(rowsOf(batch));
    expect(back.getChild("i32")!.nullCount).toBe(0);
    expect(back.getChild("i8")!.nullCount).toBe(batch.getChild("i8")!.nullCount);
  });

  it("round-trips slices whose bitmaps start mid-byte, and empty batches", () => {
    const batch = sampleBatch(53);
    for (const [from, to] of [[3, 53], [9, 20], [0, 0], [13, 13]] as const) {
      const slice = batch.slice(from, to);
      expect(rowsOf(decodeBatch(encodeBatch(slice)))).toBe(rowsOf(slice));
    }
  });

  it("decodes aligned bytes without copying and misaligned bytes by copying", () => {
    const bytes = encodeBatch(sampleBatch(20));
    const aligned = decodeBatch(bytes);
    for (const c of aligned.data.children) if (c.values) expect(c.values.buffer).toBe(bytes.buffer);

    const shifted = new Uint8Array(bytes.byteLength + 1).subarray(1);
    shifted.set(bytes);
    const copied = decodeBatch(shifted);
    expect(rowsOf(copied)).toBe(rowsOf(aligned));
    expect(copied.getChild("f64")!.data[0]!.values.buffer).not.toBe(shifted.buffer);
    expect(copied.getChild("s")!.data[0]!.values.buffer).toBe(shifted.buffer); // bytes need no alignment
  });

  it("rejects bytes it did not write with ExchangePayloadError", () => {
    expect(() => decodeBatch(new Uint8Array(4))).toThrow(ExchangePayloadError);
    expect(() => decodeBatch(new Uint8Array(64))).toThrow(/not a DataJAX batch/);
    const bytes = encodeBatch(sampleBatch(30));
    expect(() => decodeBatch(bytes.subarray(0, bytes.byteLength - 16))).toThrow(/runs past the end/);
  });

  it("refuses nested and dictionary columns with UnsupportedNativeTypeError naming the column", () => {
    const dict = vectorFromArray(["a", "b", "a"], new Dictionary(new Utf8(), new Int32()));
    const list = vectorFromArray([[1], [2, 3], []], new List(new Field("item", new Int32(), true)));
    expect(() => encodeBatch(new RecordBatch({ zone: dict.data[0]! }))).toThrow(UnsupportedNativeTypeError);
    expect(() => encodeBatch(new RecordBatch({ tags: list.data[0]! }))).toThrow(/column "tags"/);
  });
});

describe("schema bytes", () => {
  it("encodes a Schema object once, and its bytes decode to an equal schema", () => {
    const schema = new Schema([new Field("k", new Int32(), false), new Field("s", new Utf8(), true)]);
    const bytes = encodeSchema(schema);
    expect(encodeSchema(schema)).toBe(bytes); // the same bytes: encoded once
    const again = new Schema([new Field("k", new Int32(), false), new Field("s", new Utf8(), true)]);
    expect(encodeSchema(again)).not.toBe(bytes);
    expect(encodeSchema(again)).toEqual(bytes);
    const decoded = decodeSchema(bytes);
    expect(decoded.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([["k", "Int32", false], ["s", "Utf8", true]]);
  });
});
