import { ColumnNotFoundError, combineHash, hashBytes, hashNumber, NULL_HASH, partitionOf } from "@datajax/core-ir";
import {
  Bool,
  type DataType,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  TimestampMicrosecond,
  Uint32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hashPartitionBatch,
  InvalidHashPartitionError,
  keyColumnOf,
  nativeAddon,
  UnsupportedNativeTypeError,
} from "../src/index.js";

// The native key hash must equal core-ir's TypeScript hash bit for bit, on every type and value.

type KeyKind = "int32" | "float64" | "int64" | "utf8" | "bool" | "uint32" | "float32" | "timestamp";
const arrowType: Record<KeyKind, () => DataType> = {
  int32: () => new Int32(),
  float64: () => new Float64(),
  int64: () => new Int64(),
  utf8: () => new Utf8(),
  bool: () => new Bool(),
  uint32: () => new Uint32(),
  float32: () => new Float32(),
  timestamp: () => new TimestampMicrosecond(),
};

const specialDoubles = [0, -0, Number.NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 0.1, -1.5, 3, 1e300, 5e-324];
const valueArb: Record<KeyKind, fc.Arbitrary<unknown>> = {
  int32: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31))),
  float64: fc.oneof(fc.double(), fc.constantFrom(...specialDoubles), fc.integer().map((i) => i * 1.0)),
  int64: fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.bigInt({ min: -(2n ** 31n) - 3n, max: 2n ** 31n + 3n }),
    fc.constantFrom(0n, -1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)),
  ),
  utf8: fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("", "JFK", "héllo", "日本語", "🚕")),
  bool: fc.boolean(),
  uint32: fc.oneof(fc.nat({ max: 2 ** 32 - 1 }), fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1)),
  float32: fc.oneof(fc.float(), fc.constantFrom(0, -0, 3, 2 ** 31, Number.NaN)),
  timestamp: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), // milliseconds; stored as int64 microseconds
};

/** The TypeScript reference hash of one original value, as the local backend sees it once stored in Arrow. */
function referenceHash(kind: KeyKind, v: unknown): number {
  if (v === null) return NULL_HASH;
  switch (kind) {
    case "utf8": {
      const bytes = new TextEncoder().encode(v as string);
      return hashBytes(bytes, 0, bytes.length);
    }
    case "bool":
      return hashNumber(v ? 1 : 0);
    case "int64":
      return hashNumber(Number(v as bigint));
    case "float32":
      return hashNumber(Math.fround(v as number));
    case "timestamp":
      return hashNumber((v as number) * 1000);
    default:
      return hashNumber(v as number);
  }
}

const columnArb = fc
  .constantFrom<KeyKind>("int32", "float64", "int64", "utf8", "bool", "uint32", "float32", "timestamp")
  .chain((kind) => fc.tuple(fc.constant(kind), fc.array(fc.option(valueArb[kind], { freq: 5 }), { minLength: 0, maxLength: 40 })));

describe("native key hash (key_hash.h) equals core-ir's key hash", () => {
  it("hashes every key type like the TypeScript functions, with nulls, slices and 1-3 key columns", () => {
    fc.assert(
      fc.property(fc.array(columnArb, { minLength: 1, maxLength: 3 }), fc.nat({ max: 9 }), fc.integer({ min: 1, max: 9 }), (columns, sliceStart, ranks) => {
        const rows = Math.min(...columns.map(([, vs]) => vs.length));
        const fields = columns.map(([kind], c) => new Field(`k${c}`, arrowType[kind](), true));
        const children = columns.map(([, vs], c) => vectorFromArray(vs.slice(0, rows), fields[c]!.type).data[0]!);
        const full = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
        const start = Math.min(sliceStart, rows);
        const batch = full.slice(start, rows); // offsets ≠ 0 in the bitmaps and values
        const datas = batch.data.children;
        const n = batch.numRows;
        const expected = new Uint32Array(n);
        for (let i = 0; i < n; i++) {
          let h = referenceHash(columns[0]![0], columns[0]![1][start + i]);
          for (let c = 1; c < columns.length; c++) h = combineHash(h, referenceHash(columns[c]![0], columns[c]![1][start + i]));
          expected[i] = h;
        }
        const keyColumns = fields.map((f, c) => keyColumnOf(f, datas[c]!));
        expect(Array.from(nativeAddon().hashKeys(keyColumns, n))).toEqual(Array.from(expected));
        const ranksOf = hashPartitionBatch(batch, fields.map((f) => f.name), ranks);
        expect(Array.from(ranksOf)).toEqual(Array.from(expected, (h) => partitionOf(h, ranks)));
      }),
      { numRuns: 400 },
    );
  });

  it("agrees on the documented equalities: -0 = 0, int32 3 = int64 3 = float 3.0, null = NULL_HASH", () => {
    const batch = new RecordBatch({
      f: vectorFromArray([-0, 3, null, 2 ** 31], new Float64()).data[0]!,
      i: vectorFromArray([0, 3, null, null], new Int32()).data[0]!,
      b: vectorFromArray([0n, 3n, null, 2n ** 31n], new Int64()).data[0]!,
    });
    const hashes = (name: "f" | "i" | "b") =>
      Array.from(nativeAddon().hashKeys([keyColumnOf(batch.schema.fields.find((f) => f.name === name)!, batch.getChild(name)!.data[0]!)], 4));
    expect(hashes("f")).toEqual([hashNumber(0), hashNumber(3), NULL_HASH, hashNumber(2 ** 31)]);
    expect(hashes("i").slice(0, 3)).toEqual(hashes("f").slice(0, 3));
    expect(hashes("b")).toEqual(hashes("f"));
  });

  it("fails with typed errors on bad arguments", () => {
    const batch = new RecordBatch({ id: vectorFromArray([1, 2], new Int32()).data[0]! });
    expect(() => hashPartitionBatch(batch, ["idd"], 2)).toThrow(ColumnNotFoundError);
    expect(() => hashPartitionBatch(batch, [], 2)).toThrow(InvalidHashPartitionError);
    expect(() => hashPartitionBatch(batch, ["id"], 0)).toThrow(/positive integer/);
    const dict = vectorFromArray(["a", "b"], new Dictionary(new Utf8(), new Int32()));
    expect(() => keyColumnOf(new Field("d", dict.type, true), dict.data[0]!)).toThrow(UnsupportedNativeTypeError);
    expect(() => nativeAddon().hashKeys([{ type: "int32", values: new Int32Array(1) }], 5)).toThrow(/fewer than rowCount/);
    expect(() => nativeAddon().hashKeys([{ type: "decimal" as never, values: new Int32Array(1) }], 1)).toThrow(/unknown type 'decimal'/);
  });
});
