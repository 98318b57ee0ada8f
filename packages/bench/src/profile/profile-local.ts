/**
 * Profiles the local backend against the hand-written loops on an in-memory taxi table (no Parquet).
 *   cd packages/bench && pnpm exec tsc -p src/profile/tsconfig.json
 *   node [--cpu-prof --cpu-prof-dir=/tmp/prof] dist/profile/profile-local.js [--rows N] [--runs R] [--only q1,q2] [--plans]
 */
import { Table } from "apache-arrow";
import { registerLocalBackend } from "@datajax/backend-local";
import { createContainer, tableSource } from "@datajax/runtime";
import { djit } from "@datajax/transforms";
import { generateTaxi } from "@datajax/datajax";
import { allQueries } from "../queries/queries.js";
import { sortRows, tableRows } from "../queries/reference-query.js";
import { taxiColumns } from "../queries/taxi-columns.js";
import { firstDifference } from "../harness/compare-results.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const rows = Number(arg("rows", "10000000"));
const runs = Number(arg("runs", "5"));
const only = arg("only", "").split(",").filter(Boolean);
const showPlans = process.argv.includes("--plans");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function time(f: () => unknown | Promise<unknown>): Promise<number> {
  await new Promise<void>((r) => setImmediate(r));
  const s = performance.now();
  await f();
  return performance.now() - s;
}

const t0 = performance.now();
const table = new Table([...generateTaxi({ rows, seed: 42, batchRows: 122_880 })]);
const columns = taxiColumns(table);
const source = tableSource(table, "trips");
console.log(`generated ${rows.toLocaleString("en-US")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const container = createContainer();
registerLocalBackend(container);

console.log("query                          hand ms   local ms   ratio");
for (const q of allQueries) {
  if (only.length && !only.some((o) => q.name.startsWith(o))) continue;
  const f = djit(q.pipeline, { container, name: q.name });
  if (showPlans) console.log(f.lower(source).text);
  const expected = sortRows(q.handWritten(columns), q.keys);
  const actual = tableRows(await f(source), q.keys);
  const diff = firstDifference(expected, actual);
  if (diff) console.log(`  MISMATCH ${q.name}: ${diff}`);
  const hand: number[] = [];
  const local: number[] = [];
  for (let r = 0; r < runs; r++) {
    hand.push(await time(() => q.handWritten(columns)));
    local.push(await time(() => f(source)));
  }
  const h = median(hand);
  const l = median(local);
  console.log(`${q.name.padEnd(30)} ${h.toFixed(0).padStart(7)} ${l.toFixed(0).padStart(10)} ${(l / h).toFixed(2).padStart(7)}×`);
}
