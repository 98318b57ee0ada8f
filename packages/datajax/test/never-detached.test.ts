import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ensureTaxiDataset } from "../src/index.js";

// V8 compiles typed-array loops on the assumption that no ArrayBuffer was ever detached in the
// thread; the first detach ends it for good, and every access in optimized code then checks and
// reloads its buffer (the local backend's kernels ran 10-40% slower). A user's whole path here
// (read Parquet, run jitted pipelines, pjit on worker threads) must not detach one. A fresh
// process runs it on the built package (dist/) and reports a probe that depends on the
// assumption; it then detaches a buffer itself, to show the probe notices.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arrowEntry = import.meta.resolve("apache-arrow");
const scratch = mkdtempSync(join(tmpdir(), "djx-never-detached-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("reading Parquet and running pipelines", () => {
  it("leave V8's never-detached assumption intact on the calling thread", async () => {
    // Written here: writeParquet's parquet-wasm may detach, in this process.
    const { path } = await ensureTaxiDataset({ rows: 30_000, rowGroupRows: 5_000, dir: scratch });
    const script = join(scratch, "probe.mjs");
    writeFileSync(
      script,
      `
      const probe = (a) => a[0] + a[1];
      const ta = new Float64Array(2);
      %PrepareFunctionForOptimization(probe); probe(ta); probe(ta); %OptimizeFunctionOnNextCall(probe); probe(ta);
      const intact = () => (%GetOptimizationStatus(probe) & 16) !== 0;
      const before = intact();
      const dj = await import(${JSON.stringify(pathToFileURL(join(root, "dist", "index.js")).href)});
      const { Table } = await import(${JSON.stringify(arrowEntry)});
      const source = await dj.readParquet(${JSON.stringify(path)});
      const batches = [];
      for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
      const table = new Table(batches);
      const byZone = (t) => t.groupBy("PULocationID").agg({ n: dj.count(), fare: dj.sum("fare_amount"), tip: dj.mean("tip_amount"), far: dj.max("trip_distance") });
      await dj.djit(dj.featurize)(source);
      await dj.djit(byZone)(table);
      const container = dj.createContainer();
      const threaded = dj.registerLocalBackend(container, { threads: 2 });
      await dj.pjit(byZone, { container, resource: new dj.Resource({ axes: { data: 2 } }) })(dj.shareTable(table));
      const ranOnWorker = threaded.jobsOnWorkers > 0;
      await threaded.close();
      const afterRuns = intact();
      const detached = new ArrayBuffer(8);
      structuredClone(detached, { transfer: [detached] });
      console.log(JSON.stringify({ before, ranOnWorker, afterRuns, afterDetach: intact() }));
      process.exit(0);`,
    );
    const child = spawnSync(process.execPath, ["--allow-natives-syntax", script], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout.trim().split("\n").pop()!)).toEqual({ before: true, ranOnWorker: true, afterRuns: true, afterDetach: false });
  });
});
