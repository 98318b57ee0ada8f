import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mpirunArguments } from "../src/cli/launch.js";
import { col, djit, ensureTaxiDataset, readParquet } from "../src/index.js";

// `datajax launch` under a real Open MPI (installed by scripts/setup.sh). The ranks run the built
// CLI and package (dist/), as a user's would.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const scratch = mkdtempSync(join(tmpdir(), "djx-launch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let input = "";
beforeAll(async () => {
  // The demo's taxi data, 8 row groups.
  input = (await ensureTaxiDataset({ rows: 40_000, rowGroupRows: 5_000, dir: scratch })).path;
});

/** A rank script importing the built package (what `@datajax/datajax` resolves to when installed). */
function rankScript(name: string, body: string): string {
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(file, body.replaceAll('"@datajax/datajax"', JSON.stringify(pathToFileURL(join(root, "dist", "index.js")).href)));
  return file;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err, ms: Date.now() - t0 }));
  });
}

// The rank script of docs/tutorials/distributed-run.md ("Running under mpirun"), as written there.
const tutorial = readFileSync(join(root, "..", "..", "docs", "tutorials", "distributed-run.md"), "utf8");
const CLEAN_TRIPS = /## Running under mpirun[\s\S]*?```js\n([\s\S]*?)```/.exec(tutorial)![1]!;

describe("datajax launch", () => {
  it("runs one process per rank; each reads its own row groups and writes its part file", async () => {
    const out = join(scratch, "out");
    mkdirSync(out);
    const r = await run(["launch", "-n", "2", rankScript("clean-trips", CLEAN_TRIPS), input, out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rank 0 of 2: \d+ rows/);
    expect(r.out).toMatch(/rank 1 of 2: \d+ rows/);
    expect(readdirSync(out).sort()).toEqual(["part-00000-of-00002.parquet", "part-00001-of-00002.parquet"]);

    // Together the parts hold exactly the rows one process computes over the whole file.
    const kept = col("fare_amount").gt(0).and(col("trip_distance").gt(0));
    const byKey = (t: Parameters<Parameters<typeof djit>[0]>[0]) => t.select("PULocationID", "trip_distance", "fare_amount").sort(["PULocationID", "trip_distance", "fare_amount"]);
    const whole = await djit((t) => byKey(t.filter(kept)))(await readParquet(input));
    const parts = await djit(byKey)(await readParquet(out));
    expect(parts.numRows).toBe(whole.numRows);
    for (const c of ["PULocationID", "trip_distance", "fare_amount"]) expect(Array.from(parts.getChild(c)!.toArray() as ArrayLike<number>)).toEqual(Array.from(whole.getChild(c)!.toArray() as ArrayLike<number>));
    const perRank = [...r.out.matchAll(/of 2: (\d+) rows/g)].map((m) => Number(m[1]));
    expect(perRank.every((n) => n > 0)).toBe(true);
  });

  it("a rank that throws stops the whole job within seconds, non-zero, with its error, and no output", async () => {
    const out = join(scratch, "out-fail");
    mkdirSync(out);
    const script = rankScript(
      "fail",
      `import { mpiWorldFromEnv } from "@datajax/datajax";
const world = mpiWorldFromEnv();
if (world.rank === 1) { await new Promise((r) => setTimeout(r, 300)); throw new Error("rank 1 could not read its shard"); }
await new Promise((r) => setTimeout(r, 60_000)); // rank 0 would otherwise run on for a minute
console.log("rank 0 finished");`,
    );
    const r = await run(["launch", "-n", "2", script, input, out]);
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.err.match(/^Error: rank 1 could not read its shard$/gm)?.length).toBe(1); // once, from the failing rank
    expect(r.out).not.toContain("rank 0 finished");
    expect(readdirSync(out)).toEqual([]);
  });

  it("uses single-host settings without a hostfile and the user's settings with one", () => {
    const single = mpirunArguments({ ranks: 4, script: "p.mjs", scriptArgs: ["x"], mpirunArgs: [] }, 2, true);
    expect(single.join(" ")).toBe(`-n 4 --allow-run-as-root --oversubscribe --mca pml ob1 --mca btl self,vader --mca oob_tcp_if_include lo --mca mpi_yield_when_idle 1 ${process.execPath} p.mjs x`);
    const cluster = mpirunArguments({ ranks: 8, script: "p.mjs", scriptArgs: [], hostfile: "hosts", mpirunArgs: ["--mca", "btl_tcp_if_include", "eth0"] }, 2, false);
    expect(cluster.join(" ")).toBe(`-n 8 --hostfile hosts --mca btl_tcp_if_include eth0 ${process.execPath} p.mjs`);
  });

  it("says how to install mpirun when there is none, and what a bad -n is", async () => {
    const missing = await run(["launch", "-n", "2", "p.mjs"], { DJX_MPIRUN: join(scratch, "no-such-mpirun") });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/DJX_LAUNCH.*no working mpirun.*apt-get install openmpi-bin/);
    const bad = await run(["launch", "-n", "zero", "p.mjs"]);
    expect(bad.err).toMatch(/launch needs -n N, a positive number of ranks/);
    expect(existsSync(join(scratch, "p.mjs"))).toBe(false);
  });
});
