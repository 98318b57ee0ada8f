#!/usr/bin/env node
// Measures the bench's reference queries and featurize (packages/bench/src/queries/queries.ts),
// each `pipeline` run through djit on the native SPMD backend, on generated taxi rows held in
// memory (ensureTaxiDataset caches the file under .cache/datajax). Prints per-query medians and
// checks every answer against the local backend first. Not a test: speed is reported, never asserted.
//   pnpm --filter @datajax/backend-spmd-native build && pnpm --filter @datajax/bench build
//   node packages/backend-spmd-native/scripts/measure-queries.mjs [--rows 10000000] [--runs 7] [--only q1]
//   datajax launch -n 2 packages/backend-spmd-native/scripts/measure-queries.mjs --mpi   (2 ranks)
import { Table } from "apache-arrow";
import { allQueries } from "../../bench/dist/index.js";
import { createContainer, djit, ensureTaxiDataset, pjit, readParquet, registerLocalBackend, Resource } from "../../datajax/dist/index.js";
import { registerSpmdNativeBackend, spmdWorld } from "../dist/index.js";
import { arg, median } from "./measure-support.mjs";

const rows = Number(arg("rows", "10000000"));
const runs = Number(arg("runs", "7"));
const only = arg("only", null);
const mpi = process.argv.includes("--mpi");

const { rank, size } = spmdWorld();
const log = (...a) => rank === 0 && console.log(...a);
const dataset = await ensureTaxiDataset({ rows });
const source = await readParquet(dataset.path);
// Data in memory: every rank holds the whole table; with --mpi each rank scans its block of row groups.
const batches = [];
for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
const table = new Table(batches);
log(`${rows.toLocaleString("en-US")} taxi rows in ${batches.length} batches; ${size} rank(s); median of ${runs} runs after one warm-up`);

const container = createContainer();
registerSpmdNativeBackend(container);
registerLocalBackend(container);
// Rows as plain objects ordered by their non-float columns; floats compare with a relative tolerance
// (sums merged from per-rank partials round differently from one sequential sum).
const rowsOf = (t) => {
  const rows = t.toArray().map((r) => Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
  const key = (r) => JSON.stringify(Object.values(r).map((v) => (typeof v === "number" && !Number.isInteger(v) ? 0 : v)));
  return rows.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
};
const close = (x, y) => x === y || (typeof x === "number" && typeof y === "number" && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
const sameRows = (a, b) => a.length === b.length && a.every((r, i) => Object.keys(r).length === Object.keys(b[i]).length && Object.entries(r).every(([k, v]) => close(v, b[i][k])));

log("| query | native ms (min) | ranks |");
log("|---|---|---|");
for (const q of allQueries) {
  if (only && !q.name.startsWith(only)) continue;
  const options = { container, backend: "spmd-native", ...(mpi ? { resource: Resource.fromMpi() } : {}) };
  const native = mpi ? pjit(q.pipeline, options) : djit(q.pipeline, options);
  const result = await native(table);
  if (!mpi || rank === 0) {
    const local = await djit(q.pipeline, { container, backend: "local" })(table);
    const a = rowsOf(result);
    const b = rowsOf(local);
    if (!sameRows(a, b)) {
      const at = a.findIndex((r, i) => !b[i] || !sameRows([r], [b[i]]));
      throw new Error(`${q.name}: the native answer differs from the local backend's (${a.length} vs ${b.length} rows), first at row ${at}:\n${JSON.stringify(a[at])}\nvs\n${JSON.stringify(b[at])}`);
    }
  }
  const times = [];
  for (let r = 0; r < runs; r++) {
    await new Promise((done) => setImmediate(done));
    const s = performance.now();
    await native(table);
    times.push(performance.now() - s);
  }
  log(`| ${q.name} | ${median(times).toFixed(1)} (${Math.min(...times).toFixed(1)}) | ${mpi ? `${size} ranks` : "1 rank"} |`);
}
