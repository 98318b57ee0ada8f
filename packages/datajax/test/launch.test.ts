import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tableFromArrays } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mpirunArguments } from "../src/cli/launch.js";
import { col, djit, readParquet, writeParquet } from "../src/index.js";

// `datajax launch` under a real Open MPI (installed by scripts/setup.sh). The ranks run the built
// CLI and package (dist/), as a user's would.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const scratch = mkdtempSync(join(tmpdir(), "djx-launch-"));
const input = join(scratch, "trips.parquet");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ROWS = 40_000;
beforeAll(async () => {
  const id = Int32Array.from({ length: ROWS }, (_, i) => i);
  const fare = Float64Array.from({ length: ROWS }, (_, i) => ((i * 37) % 101) - 10);
  await writeParquet(tableFromArrays({ id, fare }), input, { rowGroupSize: 5_000 });
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

const CLEAN_SHARD = `
import { col, djit, mpiWorldFromEnv, partFileName, readParquet, shardSource, writeParquet } from "@datajax/datajax";
const [inputPath, outDir] = process.argv.slice(2);
const world = mpiWorldFromEnv() ?? { rank: 0, size: 1 };
const trips = shardSource(await readParquet(inputPath), { index: world.rank, count: world.size });
const clean = djit((t) => t.filter(col("fare").gt(0)).withColumns({ fare_x2: col("fare").mul(2) }));
const out = await clean(trips);
await writeParquet(out, outDir + "/" + partFileName(world.rank, world.size));
console.log("rank " + world.rank + "/" + world.size + ": " + out.numRows + " rows");
`;

describe("datajax launch", () => {
  it("runs one process per rank; each reads its own row groups and writes its part file", async () => {
    const out = join(scratch, "out");
    mkdirSync(out);
    const r = await run(["launch", "-n", "2", rankScript("clean", CLEAN_SHARD), input, out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rank 0\/2: \d+ rows/);
    expect(r.out).toMatch(/rank 1\/2: \d+ rows/);
    expect(readdirSync(out).sort()).toEqual(["part-00000-of-00002.parquet", "part-00001-of-00002.parquet"]);

    // Together the parts hold exactly the rows one process computes over the whole file.
    const whole = await djit((t) => t.filter(col("fare").gt(0)))(await readParquet(input));
    const parts = await readParquet(out);
    const ids = (await djit((t) => t.select("id").sort("id"))(parts)).getChild("id")!.toArray();
    expect(parts.rowCount).toBe(whole.numRows);
    expect(Array.from(ids as Int32Array)).toEqual(Array.from(whole.getChild("id")!.toArray() as Int32Array).sort((a, b) => a - b));
    const perRank = [...r.out.matchAll(/: (\d+) rows/g)].map((m) => Number(m[1]));
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
