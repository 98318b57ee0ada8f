import { spawnSync } from "node:child_process";
import { openAsBlob } from "node:fs";
import { mkdtemp, open, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parquetWasm, readParquet, writeParquet } from "../src/index.js";
import { embeddedArrowSchema } from "../src/internal/embedded-arrow-schema.js";
import { readParquetFooter, type ParquetFooter } from "../src/internal/parquet-footer.js";
import { sampleTable } from "./scan-to-table.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-embedded-schema-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function footerOf(path: string): Promise<ParquetFooter> {
  const handle = await open(path, "r");
  try {
    return await readParquetFooter(path, handle, (await stat(path)).size);
  } finally {
    await handle.close();
  }
}

async function wasmSchemaOf(path: string): Promise<arrow.Schema> {
  const file = await parquetWasm().ParquetFile.fromFile(await openAsBlob(path));
  try {
    return arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
  } finally {
    file.free();
  }
}

const described = (s: arrow.Schema) => ({
  fields: s.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata]]),
  metadata: [...s.metadata].sort(),
});

/** A table with types beyond sampleTable's: a dictionary, a zoned timestamp, a date, a float32, schema and field metadata. */
function wideTable(): arrow.Table {
  const n = 50;
  const zone = arrow.vectorFromArray(Array.from({ length: n }, (_, i) => ["a", "b", null][i % 3]), new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
  const at = arrow.vectorFromArray(Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i), new arrow.TimestampMillisecond("UTC"));
  const day = arrow.vectorFromArray(Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i))), new arrow.DateDay());
  const ratio = arrow.vectorFromArray(Array.from({ length: n }, (_, i) => i / 4), new arrow.Float32());
  const t = new arrow.Table({ zone, at, day, ratio });
  const fields = t.schema.fields.map((f) => (f.name === "ratio" ? f.clone({ metadata: new Map([["unit", "percent"]]) }) : f));
  return new arrow.Table(new arrow.Schema(fields, new Map([["origin", "test"]])), t.batches.map((b) => new arrow.RecordBatch(new arrow.Schema(fields, new Map([["origin", "test"]])), b.data)));
}

describe("the Arrow schema embedded in the footer", () => {
  test.each([
    ["sampleTable", () => sampleTable(200)],
    ["dictionary, zoned timestamp, date, float32, metadata", wideTable],
  ])("reads as parquet-wasm reads it: %s", async (name, table) => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.parquet`);
    await writeParquet(table(), path);
    const footer = await footerOf(path);
    expect(footer.keyValueMetadata.has("ARROW:schema")).toBe(true);
    const embedded = embeddedArrowSchema(footer);
    expect(embedded).toBeDefined();
    expect(described(embedded!)).toEqual(described(await wasmSchemaOf(path)));
    expect(described((await readParquet(path)).arrowSchema)).toEqual(described(await wasmSchemaOf(path)));
  });

  test("is undefined without the key or with an unreadable value (readParquet then asks parquet-wasm)", async () => {
    const path = join(dir, "plain.parquet");
    await writeParquet(sampleTable(10), path);
    const footer = await footerOf(path);
    expect(embeddedArrowSchema({ ...footer, keyValueMetadata: new Map() })).toBeUndefined();
    expect(embeddedArrowSchema({ ...footer, keyValueMetadata: new Map([["ARROW:schema", "bm90IGFuIElQQyBtZXNzYWdl"]]) })).toBeUndefined();
  });
});

// A process that only reads Parquet never detaches an ArrayBuffer: V8 assumes none ever was, and
// its optimized typed-array loops (the local backend's kernels) skip per-access checks; one detach,
// anywhere in the thread, ends that for good. The child optimizes a probe that depends on the
// assumption, reads and scans a file, and reports whether the probe is still optimized; then it
// detaches a buffer itself, to show the probe notices. Runs the built package (dist/).
describe("readParquet and scan in a fresh process", () => {
  test("leave V8's never-detached assumption intact", async () => {
    const path = join(dir, "probe.parquet");
    await writeParquet(sampleTable(5000), path, { rowGroupSize: 1000 });
    const entry = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js")).href;
    const script = `
      const probe = (a) => a[0] + a[1];
      const ta = new Float64Array(2);
      %PrepareFunctionForOptimization(probe); probe(ta); probe(ta); %OptimizeFunctionOnNextCall(probe); probe(ta);
      const intact = () => (%GetOptimizationStatus(probe) & 16) !== 0;
      const before = intact();
      const { readParquet } = await import(${JSON.stringify(entry)});
      for (const decoder of ["auto", "native", "wasm"]) {
        const source = await readParquet(${JSON.stringify(path)}, { decoder });
        for await (const b of source.scan({ columns: null, filter: null })) void b;
      }
      const afterRead = intact();
      const detached = new ArrayBuffer(8);
      structuredClone(detached, { transfer: [detached] });
      console.log(JSON.stringify({ before, afterRead, afterDetach: intact() }));
      process.exit(0);`;
    const file = join(dir, "probe.mjs");
    await writeFile(file, script);
    const child = spawnSync(process.execPath, ["--allow-natives-syntax", file], { encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout.trim())).toEqual({ before: true, afterRead: true, afterDetach: false });
  });
});
