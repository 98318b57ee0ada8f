import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Table } from "apache-arrow";
import { DiskResultCache, djit, ensureTaxiDataset, featurize, readParquet, type ResultCache } from "../src/index.js";
import { col, count, type Frame } from "@datajax/transforms";

const scratch = mkdtempSync(join(tmpdir(), "djx-snap-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rows = (t: Table) => t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === "bigint" ? Number(v) : v))).sort();

describe("result snapshots", () => {
  it("a second run over unchanged inputs comes from the snapshot; a changed input runs again", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data") });
    const cache = new DiskResultCache(join(scratch, "snapshots"));
    const job = djit(featurize, { snapshots: cache });
    const first = await job.run(await readParquet(path));
    expect(first.snapshotHit).toBe(false);
    const second = await job.run(await readParquet(path));
    expect(second.snapshotHit).toBe(true);
    expect(rows(second.table)).toEqual(rows(first.table));
    expect(readdirSync(join(scratch, "snapshots")).filter((f) => f.endsWith(".arrow"))).toHaveLength(1);
    // Same content, new modification time: the fingerprint differs, so it runs.
    const later = new Date(Date.now() + 60_000);
    utimesSync(path, later, later);
    expect((await job.run(await readParquet(path))).snapshotHit).toBe(false);
  });

  it("keeps at most maxBytes, dropping the least recently used", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data2") });
    const query = (fare: number) => (t: Frame) => t.filter(col("fare_amount").gt(fare)).agg({ n: count() });
    const probe = new DiskResultCache(join(scratch, "probe"));
    await djit(query(1), { snapshots: probe })(await readParquet(path));
    const one = readdirSync(join(scratch, "probe")).map((f) => statSync(join(scratch, "probe", f)).size)[0]!;
    const dir = join(scratch, "lru");
    const cache = new DiskResultCache(dir, Math.floor(2.5 * one));
    const [a, b, c] = [10, 20, 30].map((fare) => djit(query(fare), { snapshots: cache }));
    const files = () => readdirSync(dir).filter((f) => f.endsWith(".arrow")).length;
    await a!(await readParquet(path));
    await sleep(20);
    await b!(await readParquet(path));
    await sleep(20);
    expect((await a!.run(await readParquet(path))).snapshotHit).toBe(true); // a is now the most recently used
    await sleep(20);
    await c!(await readParquet(path));
    expect(files()).toBe(2);
    expect((await a!.run(await readParquet(path))).snapshotHit).toBe(true);
    expect((await b!.run(await readParquet(path))).snapshotHit).toBe(false); // b was evicted
  });

  it("any store with get and put plugs in", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data3") });
    const kept = new Map<string, Table>();
    const mine: ResultCache = { get: async (k) => kept.get(k), put: async (k, t) => void kept.set(k, t) };
    const job = djit((t: Frame) => t.agg({ n: count() }), { snapshots: mine });
    await job(await readParquet(path));
    expect(kept.size).toBe(1);
    expect((await job.run(await readParquet(path))).snapshotHit).toBe(true);
  });
});
