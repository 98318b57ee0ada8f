import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  DataJaxError,
  UnsupportedArrowTypeError,
  field,
  formatSchema,
  formatType,
  fromArrowSchema,
  fromArrowType,
  promoteNumeric,
  sameLogicalType,
  sameSchema,
  sameType,
  schema,
  t,
  toArrowSchema,
  toArrowType,
  type DataType,
} from "../src/index.js";

const NUMERIC: DataType[] = [t.int8, t.int16, t.int32, t.int64, t.uint8, t.uint16, t.uint32, t.uint64, t.float32, t.float64];

describe("promoteNumeric", () => {
  it.each([
    [t.int32, t.float64, t.float64],
    [t.int8, t.uint8, t.int16],
    [t.int64, t.uint64, t.float64],
    [t.float32, t.int16, t.float32],
    [t.float32, t.int32, t.float64],
    [t.float32, t.uint16, t.float32],
    [t.float32, t.float32, t.float32],
    [t.float32, t.float64, t.float64],
    [t.int8, t.int32, t.int32],
    [t.uint8, t.uint32, t.uint32],
    [t.int32, t.uint8, t.int32],
    [t.int8, t.uint16, t.int32],
    [t.int16, t.uint32, t.int64],
    [t.int32, t.uint32, t.int64],
    [t.int8, t.uint64, t.float64],
    [t.null, t.int32, t.int32],
    [t.float64, t.null, t.float64],
  ])("%o + %o → %o", (a, b, want) => {
    expect(promoteNumeric(a, b)).toEqual(want);
  });

  it("is symmetric over every numeric pair", () => {
    for (const a of NUMERIC) for (const b of NUMERIC) expect(promoteNumeric(a, b), `${a.id} ${b.id}`).toEqual(promoteNumeric(b, a));
  });

  it("never narrows: the result can be reached from both sides by promotion to itself", () => {
    for (const a of NUMERIC) for (const b of NUMERIC) {
      const r = promoteNumeric(a, b)!;
      expect(promoteNumeric(a, r), `${a.id} ${b.id} → ${r.id}`).toEqual(r);
      expect(promoteNumeric(b, r), `${a.id} ${b.id} → ${r.id}`).toEqual(r);
    }
  });

  it("returns undefined when a side is not numeric", () => {
    expect(promoteNumeric(t.utf8(), t.int32)).toBeUndefined();
    expect(promoteNumeric(t.int32, t.bool)).toBeUndefined();
    expect(promoteNumeric(t.date32, t.float64)).toBeUndefined();
    expect(promoteNumeric(t.null, t.utf8())).toBeUndefined();
  });
});

describe("formatType and formatSchema", () => {
  it.each([
    [t.int32, "int32"],
    [t.uint64, "uint64"],
    [t.float64, "float64"],
    [t.bool, "bool"],
    [t.null, "null"],
    [t.date32, "date32"],
    [t.utf8(), "utf8"],
    [t.utf8(true), "dict<utf8>"],
    [t.timestamp(), "timestamp[us]"],
    [t.timestamp("ns", "UTC"), "timestamp[ns, UTC]"],
    [t.timestamp("ms", "Europe/Paris"), "timestamp[ms, Europe/Paris]"],
  ])("%o prints as %s", (d, s) => {
    expect(formatType(d)).toBe(s);
  });

  it("marks nullable columns with ?", () => {
    expect(formatSchema(schema([field("a", t.int32, false), field("b", t.utf8())]))).toBe("{a:int32, b:utf8?}");
  });

  it("rejects duplicate column names", () => {
    expect(() => schema([field("a", t.int32), field("a", t.int64)])).toThrow(/duplicate column name "a"/);
  });

  it("sameType distinguishes dictionary and timezone, sameLogicalType ignores dictionary only", () => {
    expect(sameType(t.utf8(), t.utf8(true))).toBe(false);
    expect(sameLogicalType(t.utf8(), t.utf8(true))).toBe(true);
    expect(sameType(t.timestamp("us", "UTC"), t.timestamp("us", null))).toBe(false);
    expect(sameLogicalType(t.timestamp("us", "UTC"), t.timestamp("us", null))).toBe(false);
    expect(sameType(t.timestamp("us", "UTC"), t.timestamp("us", "UTC"))).toBe(true);
    expect(sameType(t.int32, t.int64)).toBe(false);
  });

  it("type constructors return frozen values", () => {
    expect(Object.isFrozen(t.int32)).toBe(true);
    expect(Object.isFrozen(t.utf8(true))).toBe(true);
    expect(Object.isFrozen(t.timestamp("s", "UTC"))).toBe(true);
  });
});

describe("Arrow schema conversion", () => {
  const every = schema([
    field("n", t.null),
    field("b", t.bool, false),
    field("i8", t.int8),
    field("i16", t.int16),
    field("i32", t.int32, false),
    field("i64", t.int64),
    field("u8", t.uint8),
    field("u16", t.uint16),
    field("u32", t.uint32),
    field("u64", t.uint64),
    field("f32", t.float32),
    field("f64", t.float64, false),
    field("s", t.utf8()),
    field("ds", t.utf8(true)),
    field("d", t.date32),
    field("ts", t.timestamp("us")),
    field("ts_s", t.timestamp("s")),
    field("ts_ms", t.timestamp("ms", "America/New_York")),
    field("ts_tz", t.timestamp("ns", "UTC")),
  ]);

  it("round-trips every type, nullability and column order", () => {
    const back = fromArrowSchema(toArrowSchema(every));
    expect(formatSchema(back)).toBe(formatSchema(every));
    expect(sameSchema(back, every)).toBe(true);
  });

  it("maps to the expected Arrow types", () => {
    const a = toArrowSchema(every);
    const byName = new Map(a.fields.map((f) => [f.name, f]));
    expect(arrow.DataType.isDictionary(byName.get("ds")!.type)).toBe(true);
    expect(arrow.DataType.isUtf8((byName.get("ds")!.type as arrow.Dictionary).dictionary)).toBe(true);
    const ts = byName.get("ts_tz")!.type as arrow.Timestamp;
    expect(arrow.DataType.isTimestamp(ts)).toBe(true);
    expect(ts.unit).toBe(arrow.TimeUnit.NANOSECOND);
    expect(ts.timezone).toBe("UTC");
    expect(byName.get("i32")!.nullable).toBe(false);
    expect(byName.get("i64")!.nullable).toBe(true);
    expect(toArrowType(t.uint16)).toBeInstanceOf(arrow.Uint16);
  });

  it("reads large utf8 as utf8", () => {
    expect(fromArrowType("x", new arrow.LargeUtf8())).toEqual(t.utf8());
  });

  it.each([
    ["a list", new arrow.List(new arrow.Field("item", new arrow.Int32()))],
    ["a struct", new arrow.Struct([new arrow.Field("x", new arrow.Int32())])],
    ["a decimal", new arrow.Decimal(2, 10, 128)],
    ["a half float", new arrow.Float16()],
    ["a millisecond date", new arrow.DateMillisecond()],
    ["a dictionary of ints", new arrow.Dictionary(new arrow.Int32(), new arrow.Int8())],
  ])("rejects %s with UnsupportedArrowTypeError naming the column", (_what, type) => {
    const s = new arrow.Schema([new arrow.Field("ok", new arrow.Int32()), new arrow.Field("weird", type)]);
    let err: unknown;
    try {
      fromArrowSchema(s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedArrowTypeError);
    expect(err).toBeInstanceOf(DataJaxError);
    expect((err as UnsupportedArrowTypeError).code).toBe("DJX_UNSUPPORTED_TYPE");
    expect((err as Error).message).toContain('column "weird"');
    expect((err as Error).message).toMatch(/does not support/);
  });
});
