import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Float64, Int32, Int64, Table, vectorFromArray } from "apache-arrow";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { runningStats } from "../src/examples/scan-running-stats.js";
import { col, djit, ensureTaxiDataset, generateTaxi, readParquet, scan, tableToDLPack, writeNpy, writeParquet, type Frame } from "../src/index.js";

const scratch = mkdtempSync(join(tmpdir(), "djx-examples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  try {
    expect(await runCli(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n");
}

describe("datajax example", () => {
  const cacheDir = join(scratch, "cache");
  it("vmap-location-features: one plan, one row per location", async () => {
    const out = await cli("example", "vmap-location-features", "--rows", "20000", "--cache-dir", cacheDir);
    expect(out).toMatch(/== one plan for every location \(no per-group loop\):\n[\s\S]*group_by\[PULocationID\]/);
    expect(out).toMatch(/== \d+ locations; the busiest:\nPULocationID\s+trips\s+mean_fare\s+longest\s+mean_tip_ratio/);
  });

  it("pjit-simulated-ranks: two stages and the hours each of four ranks holds", async () => {
    const out = await cli("example", "pjit-simulated-ranks", "--rows", "20000", "--cache-dir", cacheDir);
    expect(out).toMatch(/stage s0 <- \[\][^\n]*@hash\(hour\)[\s\S]*stage s1 \(output\) <- \[s0\]/);
    const hours = [0, 1, 2, 3].flatMap((r) => (new RegExp(`rank ${r}: ([\\d, ]*)`).exec(out)?.[1] ?? "").split(", ").filter(Boolean).map(Number));
    expect(hours.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, h) => h));
    expect(out).toMatch(/s0@r0 [\s\S]*s0@r3 [\s\S]*s1@r3 /);
  });

  it("scan-running-stats: every trip counted once in the final carry", async () => {
    const out = await cli("example", "scan-running-stats", "--rows", "20000", "--cache-dir", cacheDir);
    expect(out).toMatch(/each with the totals of the days before it/);
    expect(out).toMatch(/the final carry: \d+ locations, 20000 trips in all/);
  });

  it("onnx-scoring: DataJAX features as a tensor through an ONNX model run by onnxruntime-node", async () => {
    const out = await cli("example", "onnx-scoring", "--rows", "20000", "--cache-dir", cacheDir);
    const scored = [...out.matchAll(/distance +([\d.]+) +fare +([\d.]+) +→ +y ([-\d.]+)/g)].map((m) => m.slice(1).map(Number));
    expect(scored).toHaveLength(8);
    for (const [d, f, y] of scored) expect(Math.abs(y! - (0.25 * d! + 0.1 * f! + 0.5))).toBeLessThan(2e-3);
  });

  it("writeNpy: a tensor file NumPy reads (v1.0 header, then row-major float32)", async () => {
    const table = await djit((t: Frame) => t.select("trip_distance", "fare_amount").head(3))(await readParquet((await ensureTaxiDataset({ rows: 20_000, dir: cacheDir })).path));
    const path = join(scratch, "x.npy");
    await writeNpy(tableToDLPack(table, ["trip_distance", "fare_amount"]), path);
    const bytes = readFileSync(path);
    const len = bytes.readUInt16LE(8);
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("\x93NUMPY");
    expect(bytes.subarray(10, 10 + len).toString("latin1").trim()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }");
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + len, bytes.byteOffset + bytes.length));
    expect(data[1]).toBeCloseTo(table.getChild("fare_amount")!.get(0) as number, 4);
  });

  it("an unknown example lists the known ones", async () => {
    await expect(runCli(["example", "nope"])).rejects.toThrow(/example needs one of: vmap-location-features .*; got "nope"/);
  });
});

describe("scan over a Parquet dataset", () => {
  it("walks row groups in file order, one chunk each, and equals the in-memory scan", async () => {
    const path = join(scratch, "trips.parquet");
    const table = new Table([...generateTaxi({ rows: 8000, batchRows: 2000 })]);
    await writeParquet(table, path, { rowGroupSize: 2000 });
    const byDay = djit((t: Frame) => t.withColumns({ day: col("tpep_pickup_datetime").day() }).select("day", "PULocationID", "fare_amount"));
    const dataset = await readParquet(path);
    expect(dataset.rowGroups).toHaveLength(4);
    const init = new Table({ PULocationID: vectorFromArray([], new Int32()), trips: vectorFromArray([], new Int64()), fare_total: vectorFromArray([], new Float64()) });
    const counting = (carry: Frame, chunk: Frame): [Frame, Frame] => {
      const [next, y] = runningStats(carry, chunk.withColumns({ day: col("tpep_pickup_datetime").day() }).select("day", "PULocationID", "fare_amount"));
      return [next, y];
    };
    const [carry, ys] = await scan(counting, init, dataset);
    const [memCarry, memYs] = await scan(runningStats, init, await byDay(table), { chunkRows: 2000 });
    const rows = (t: Table) => t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? Number(v.toPrecision(10)) : v))).sort();
    expect(rows(carry)).toEqual(rows(memCarry));
    expect(rows(ys)).toEqual(rows(memYs));
  });
});
