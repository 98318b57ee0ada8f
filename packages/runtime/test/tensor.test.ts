import { Bool, Float32, Float64, Int32, Int64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { columnToDLPack, DLDataTypeCode, encodeNpy, tableToDLPack, TensorConversionError } from "../src/index.js";

const features = () =>
  new Table({
    fare: vectorFromArray([1.5, 2.5, 3.5, 4.5], new Float64()),
    zone: vectorFromArray([1, 2, 3, 4], new Int32()),
    big: vectorFromArray([1n, 2n, 3n, 2n ** 40n], new Int64()),
    ok: vectorFromArray([true, false, true, true], new Bool()),
  });

/** Parses a .npy v1.0 file: its header dict and data bytes. */
function parseNpy(bytes: Uint8Array): { header: string; data: Uint8Array } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  expect((10 + len) % 64).toBe(0);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + len));
  expect(header.endsWith("\n")).toBe(true);
  return { header: header.trim(), data: bytes.subarray(10 + len) };
}

describe("tensor hand-off", () => {
  it("a column of one chunk without nulls is a zero-copy 1-D tensor over the Arrow buffer", () => {
    const table = features();
    const t = columnToDLPack(table, "fare");
    expect(t.copied).toBe(false);
    expect(t.data.buffer).toBe(table.getChild("fare")!.data[0]!.values.buffer);
    expect(t.dtype).toEqual({ code: DLDataTypeCode.Float, bits: 64, lanes: 1 });
    expect(t.shape).toEqual([4]);
    expect(Array.from(t.data as Float64Array)).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(columnToDLPack(table, "zone").dtype).toEqual({ code: DLDataTypeCode.Int, bits: 32, lanes: 1 });
    expect(columnToDLPack(table, "big").dtype).toEqual({ code: DLDataTypeCode.Int, bits: 64, lanes: 1 });
    const ok = columnToDLPack(table, "ok");
    expect([ok.copied, ok.dtype.code, Array.from(ok.data as Uint8Array)]).toEqual([true, DLDataTypeCode.Bool, [1, 0, 1, 1]]);
  });

  it("a sliced or chunked column is viewed or copied at the right rows", () => {
    const table = features();
    expect(Array.from(columnToDLPack(table.slice(1, 3), "fare").data as Float64Array)).toEqual([2.5, 3.5]);
    const chunked = new Table([...table.slice(0, 2).batches, ...table.slice(2).batches]);
    const t = columnToDLPack(chunked, "zone");
    expect([t.copied, Array.from(t.data as Int32Array)]).toEqual([true, [1, 2, 3, 4]]);
  });

  it("several columns are one row-major 2-D tensor, cast to float32", () => {
    const t = tableToDLPack(features(), ["fare", "zone"]);
    expect(t.shape).toEqual([4, 2]);
    expect(Array.from(t.data as Float32Array)).toEqual([1.5, 1, 2.5, 2, 3.5, 3, 4.5, 4]);
  });

  it("refuses nulls and strings, saying to fill or encode first", () => {
    const bad = new Table({ x: vectorFromArray([1, null], new Float32()), s: vectorFromArray(["a", "b"], new Utf8()) });
    expect(() => columnToDLPack(bad, "x")).toThrow(TensorConversionError);
    expect(() => columnToDLPack(bad, "x")).toThrow(/column "x" has 1 null value\(s\), which a tensor cannot hold; fill them first, e\.g\. withColumns\(\{ x: col\("x"\)\.fillNull\(0\) \}\)/);
    expect(() => columnToDLPack(bad, "s")).toThrow(/column "s" holds strings; encode them as numbers first/);
  });

  it(".npy bytes: v1.0 header with dtype and shape, then the row-major data", () => {
    const t = tableToDLPack(features(), ["fare", "zone"], "float64");
    const { header, data } = parseNpy(encodeNpy(t));
    expect(header).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }");
    expect(Array.from(new Float64Array(data.slice().buffer))).toEqual([1.5, 1, 2.5, 2, 3.5, 3, 4.5, 4]);
    expect(parseNpy(encodeNpy(columnToDLPack(features(), "zone"))).header).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }");
    expect(parseNpy(encodeNpy(columnToDLPack(features(), "ok"))).header).toBe("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }");
  });
});
