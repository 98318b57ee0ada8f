import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ParquetFormatError, ParquetNativeUnsupportedError, readParquet } from "../src/index.js";
import { allTypesTable, cellsOf, writeWithWasm, type WasmWriterSettings } from "./native-decoder-fixtures.js";
import { scanToTable } from "./scan-to-table.js";

const ROWS = 600;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-native-fuzz-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One mutation of the data pages (the footer is kept, so readParquet opens the file and the scan meets the damage). */
function mutate(good: Buffer, dataEnd: number, next: () => number): { bytes: Buffer; what: string } {
  const at = 4 + Math.floor(next() * (dataEnd - 4));
  const kind = Math.floor(next() * 4);
  const b = Buffer.from(good);
  if (kind === 0) {
    b[at] = b[at]! ^ (1 + Math.floor(next() * 255));
    return { bytes: b, what: `flip byte ${at}` };
  }
  if (kind === 1) {
    const n = 1 + Math.floor(next() * 8);
    for (let i = 0; i < n && at + i < dataEnd; i++) b[at + i] = Math.floor(next() * 256);
    return { bytes: b, what: `randomize ${n} bytes at ${at}` };
  }
  if (kind === 2) {
    const n = 1 + Math.floor(next() * 64);
    b.fill(next() < 0.5 ? 0 : 0xff, at, Math.min(dataEnd, at + n));
    return { bytes: b, what: `fill ${n} bytes at ${at}` };
  }
  // Cut bytes out of a page: every later chunk is where the footer does not expect it.
  const n = 1 + Math.floor(next() * 32);
  return { bytes: Buffer.concat([good.subarray(0, at), good.subarray(Math.min(dataEnd, at + n))]), what: `cut ${n} bytes at ${at}` };
}

const files: Record<string, WasmWriterSettings> = {
  "snappy dictionary v1": { compression: "snappy", rowGroupSize: 200, version: 1, dictionary: true, dataPageSizeLimit: 256, writeBatchSize: 50 },
  "uncompressed plain v2": { compression: "uncompressed", rowGroupSize: 300, version: 2, dictionary: false, fallbackEncoding: "plain", booleanRle: true },
};

describe("damaged data pages: the native decoder fails with a typed error or returns a whole table, never crashes or hangs", () => {
  for (const [name, settings] of Object.entries(files)) {
    test(name, async () => {
      const goodPath = join(dir, `${name.replaceAll(" ", "-")}.parquet`);
      await writeWithWasm(allTypesTable(ROWS), goodPath, settings);
      const good = await readFile(goodPath);
      // The column chunks end where the page indexes and the footer begin: damage only the chunks.
      const footer = (await readParquet(goodPath)).files[0]!.footer;
      const chunksEnd = Math.max(...footer.rowGroups.flatMap((rg) => rg.columns.map((c) => Math.min(c.dataPageOffset!, c.dictionaryPageOffset ?? Infinity) + c.compressedBytes)));
      const expected = cellsOf(await scanToTable(await readParquet(goodPath, { decoder: "native" })));
      const next = random(0x5eed + name.length);
      const outcomes = { failed: 0, same: 0, different: 0 };
      const path = join(dir, "damaged.parquet");
      for (let i = 0; i < 150; i++) {
        const { bytes, what } = mutate(good, chunksEnd, next);
        await writeFile(path, bytes);
        // A cut also moves the page indexes parquet-wasm reads with the schema: readParquet may fail already.
        const result = await readParquet(path, { decoder: "native" }).then(scanToTable).catch((e: unknown) => e);
        if (result instanceof Error) {
          // Damage can also look like valid Parquet outside the native scope (e.g. an encoding id turned into DELTA's).
          if (result instanceof ParquetNativeUnsupportedError) {
            outcomes.failed++;
            continue;
          }
          expect(result, what).toBeInstanceOf(ParquetFormatError);
          expect(result.message, what).toContain(path);
          if (!/schema cannot be read/.test(result.message)) expect(result.message, what).toMatch(/row group \d+/);
          outcomes.failed++;
          continue;
        }
        // A whole table: every row, every column readable (strings valid UTF-8, validity consistent).
        const table = result as Awaited<ReturnType<typeof scanToTable>>;
        expect(table.numRows, what).toBe(ROWS);
        const cells = cellsOf(table);
        for (const column of Object.values(cells)) expect(column.length, what).toBe(ROWS);
        if (JSON.stringify(cells) === JSON.stringify(expected)) outcomes.same++;
        else outcomes.different++;
      }
      // Damage was met: many mutations are detected, and some left whole (but different) tables.
      expect(outcomes.failed).toBeGreaterThan(40);
      expect(outcomes.different).toBeGreaterThan(10);
    });
  }
});
