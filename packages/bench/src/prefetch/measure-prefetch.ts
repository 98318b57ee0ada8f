/**
 * Decode and compute overlapped versus one after the other: featurize over the taxi Parquet file,
 * with the decoder worker one batch ahead (prefetch) and without, alternating runs in one process
 * after a warm-up of each. Writes docs/benchmarks/prefetch.md.
 *
 *   node packages/bench/dist/prefetch/measure-prefetch.js [rows=10000000] [runs=5]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { djit, ensureTaxiDataset, featurize, readParquet } from "@datajax/datajax";
import { machineDescription } from "../harness/report.js";

const rows = Number(process.argv[2] ?? 10_000_000);
const runs = Number(process.argv[3] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dataset = await ensureTaxiDataset({ rows });
const job = djit(featurize);
const timeOne = async (prefetch: boolean) => {
  const source = await readParquet(dataset.path, { prefetch });
  const t = performance.now();
  const r = await job.run(source);
  return { ms: performance.now() - t, rows: r.table.numRows };
};
await timeOne(true);
await timeOne(false);
const times: Record<"overlapped" | "sequential", number[]> = { overlapped: [], sequential: [] };
for (let i = 0; i < runs; i++) {
  times.overlapped.push((await timeOne(true)).ms);
  times.sequential.push((await timeOne(false)).ms);
}
const o = median(times.overlapped);
const s = median(times.sequential);
const report = [
  `# Prefetch: decode and compute overlapped`,
  "",
  `featurize over \`${dataset.path.replace(resolve(dirname(fileURLToPath(import.meta.url)), "../../../..") + "/", "")}\` (${rows.toLocaleString("en-US")} rows; the decoder worker reads 6 of 11 columns),`,
  `median of ${runs} alternating runs after a warm-up. Machine: ${machineDescription()}; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| mode | median | runs |",
  "|---|---|---|",
  `| overlapped (worker one batch ahead, \`readParquet(path)\`) | ${(o / 1000).toFixed(2)} s | ${times.overlapped.map((t) => (t / 1000).toFixed(2)).join(", ")} |`,
  `| sequential (\`readParquet(path, { prefetch: false })\`) | ${(s / 1000).toFixed(2)} s | ${times.sequential.map((t) => (t / 1000).toFixed(2)).join(", ")} |`,
  "",
  `Overlapping saves ${(((s - o) / s) * 100).toFixed(0)}% of the wall time.`,
  "",
].join("\n");
const out = join(resolve(dirname(fileURLToPath(import.meta.url)), "../../../.."), "docs", "benchmarks");
await mkdir(out, { recursive: true });
await writeFile(join(out, "prefetch.md"), report);
console.log(report);
