import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ArrowIpcFormatError, ParquetFormatError, readArrowIpc, readParquet, writeArrowIpc, writeParquet, type ParquetDecoderChoice } from "../src/index.js";
import { sampleTable, scanToTable } from "./scan-to-table.js";

let dir: string;
let good: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-corrupt-"));
  await writeParquet(sampleTable(3000), join(dir, "good.parquet"), { rowGroupSize: 1000 });
  good = await readFile(join(dir, "good.parquet"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parquetError(name: string, bytes: Uint8Array, decoder: ParquetDecoderChoice): Promise<ParquetFormatError> {
  const path = join(dir, `${decoder}-${name}`);
  await writeFile(path, bytes);
  const error = await readParquet(path, { decoder }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParquetFormatError);
  const e = error as ParquetFormatError;
  expect(e.code).toBe("DJX_PARQUET_CORRUPT");
  expect(e.path).toBe(path);
  expect(e.message).toContain(path);
  return e;
}

describe.each(["native", "wasm"] as const)("corrupt Parquet files fail with ParquetFormatError naming the file (%s decoder)", (decoder) => {
  test("truncated: the end is missing", async () => {
    const e = await parquetError("truncated.parquet", good.subarray(0, Math.floor(good.length * 0.6)), decoder);
    expect(e.message).toMatch(/does not end with the magic bytes "PAR1".*truncated/);
  });

  test("bad magic: not a Parquet file at all", async () => {
    const e = await parquetError("bad-magic.parquet", Buffer.from("id,amount\n1,2.5\n3,4.5\n".repeat(10)), decoder);
    expect(e.message).toMatch(/does not start with the magic bytes "PAR1" \(found 0x69642c61\)/);
  });

  test("too short to be Parquet", async () => {
    const e = await parquetError("tiny.parquet", Buffer.from("PAR1"), decoder);
    expect(e.message).toMatch(/4 bytes, fewer than the 12/);
  });

  test("a footer length pointing outside the file", async () => {
    const b = Buffer.from(good);
    b.writeUInt32LE(good.length * 2, good.length - 8);
    const e = await parquetError("long-footer.parquet", b, decoder);
    expect(e.message).toMatch(/footer claims \d+ bytes but the file has only/);
  });

  test("a garbled footer", async () => {
    const b = Buffer.from(good);
    const footerLength = b.readUInt32LE(b.length - 8);
    b.fill(0xff, b.length - 8 - footerLength, b.length - 8);
    const e = await parquetError("garbled-footer.parquet", b, decoder);
    expect(e.message).toMatch(/footer cannot be decoded|schema cannot be read|row groups hold/);
  });

  test("corrupt data pages fail at scan time, still naming the file", async () => {
    const b = Buffer.from(good);
    b.fill(0x00, 4, Math.floor(b.length / 3));
    const path = join(dir, `${decoder}-bad-pages.parquet`);
    await writeFile(path, b);
    const source = await readParquet(path, { decoder }); // the footer is fine
    expect(source.decoder).toBe(decoder);
    const error = await scanToTable(source).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ParquetFormatError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/decoding row groups \[\d+(, \d+)*\] failed/);
  });
});

describe("corrupt Arrow IPC files fail with ArrowIpcFormatError naming the file", () => {
  test("truncated file format", async () => {
    const path = join(dir, "t.arrow");
    await writeArrowIpc(sampleTable(500), path);
    const bytes = await readFile(path);
    const cut = join(dir, "cut.arrow");
    await writeFile(cut, bytes.subarray(0, bytes.length - 100));
    const error = await readArrowIpc(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrowIpcFormatError);
    expect(error).toMatchObject({ code: "DJX_ARROW_IPC_CORRUPT", path: cut });
    expect((error as Error).message).toMatch(/does not end with the magic "ARROW1"/);
  });

  test("bad magic", async () => {
    const path = join(dir, "bad.arrow");
    await writeFile(path, good); // a Parquet file is not Arrow IPC
    const error = await readArrowIpc(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrowIpcFormatError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/neither the file magic "ARROW1" nor a stream message \(found 0x50415231/);
  });

  test("truncated stream format fails when the cut is reached", async () => {
    const path = join(dir, "s.arrows");
    await writeArrowIpc(sampleTable(5000), path, { format: "stream" });
    const bytes = await readFile(path);
    const cut = join(dir, "cut.arrows");
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const source = await readArrowIpc(cut);
    const error = await scanToTable(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrowIpcFormatError);
    expect((error as Error).message).toContain(cut);
  });
});

describe("a folder whose files disagree", () => {
  test("a column with another type in one file fails naming both files and both schemas", async () => {
    const folder = join(dir, "typed");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(folder, { recursive: true });
    const arrow = await import("apache-arrow");
    await writeParquet(arrow.tableFromArrays({ id: new Int32Array([1, 2]), amount: new Float64Array([1.5, 2.5]) }), join(folder, "a.parquet"));
    await writeParquet(arrow.tableFromArrays({ id: new Int32Array([3]), amount: new Int32Array([7]) }), join(folder, "b.parquet"));
    const error = await readParquet(folder).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DJX_SCHEMA_MISMATCH" });
    expect((error as Error).message).toMatch(/b\.parquet has schema .*amount: Int32.*, but .*a\.parquet has .*amount: Float64/);
    expect((error as Error).message).toMatch(/files read together must share one schema/);
  });
});

