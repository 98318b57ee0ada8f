import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readParquet } from "@datajax/io-parquet";
import { afterAll, describe, expect, it } from "vitest";
import { runUnderMpirun } from "./mpi/run-under-mpirun.js";

// One Parquet part per rank, and what a rank that throws mid-stage leaves behind. Ranks run the
// built package (dist/) under a real mpirun.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const job = join(packageRoot, "test", "mpi", "write-parts.mjs");
const scratch = mkdtempSync(join(tmpdir(), "djx-spmd-parts-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const parts = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith(".")).sort();

describe("writeRankParquet and failing ranks (spmd-native under mpirun)", () => {
  it("each rank writes its part atomically, then _SUCCESS; the parts hold the whole result, each bucket on one rank", async () => {
    const dir = join(scratch, "ok");
    mkdirSync(dir);
    writeFileSync(join(dir, "part-00003-of-00004.parquet"), "an earlier write's part"); // removed first
    const r = await runUnderMpirun(2, job, [dir, "-1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(parts(dir)).toEqual(["_SUCCESS", "part-00000-of-00002.parquet", "part-00001-of-00002.parquet"]);
    const perPart = await Promise.all(
      ["part-00000-of-00002.parquet", "part-00001-of-00002.parquet"].map(async (name) => {
        const rows: { bucket: number; trips: number }[] = [];
        for await (const b of (await readParquet(join(dir, name))).scan({ columns: ["bucket", "trips"], filter: null })) {
          for (let i = 0; i < b.numRows; i++) rows.push({ bucket: Number(b.getChild("bucket")!.get(i)), trips: Number(b.getChild("trips")!.get(i)) });
        }
        return rows;
      }),
    );
    const buckets = perPart.flat().map((row) => row.bucket).sort();
    expect(buckets).toEqual([0, 1, 2, 3, 4, 5, 6]); // every bucket once: on exactly one rank
    expect(perPart.flat().reduce((n, row) => n + row.trips, 0)).toBe(1000);
    expect(perPart.every((rows) => rows.length > 0)).toBe(true);
  });

  it("a rank that throws mid-stage stops the job within 10 s, non-zero, its error printed once, no part or marker left", async () => {
    const dir = join(scratch, "failed");
    mkdirSync(dir);
    writeFileSync(join(dir, "part-00000-of-00002.parquet"), "an earlier write's part");
    writeFileSync(join(dir, "_SUCCESS"), "2 parts\n");
    const r = await runUnderMpirun(2, job, [dir, "1"], 30_000);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull(); // it ended by itself, not by the test's kill
    expect(r.ms).toBeLessThan(10_000);
    const output = r.stdout + r.stderr;
    expect(output.match(/fare_bucket: corrupt fare on rank 1/g)).toHaveLength(1);
    expect(output).toContain("rank 1 of 2 failed");
    expect(output).not.toContain("wrote");
    expect(parts(dir)).toEqual([]);
    expect(existsSync(join(dir, "_SUCCESS"))).toBe(false);
  });
});
