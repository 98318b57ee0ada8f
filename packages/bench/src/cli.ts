#!/usr/bin/env node
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureTaxiDataset } from "@datajax/datajax";
import { BENCH_CASES } from "./cases/bench-cases.js";
import type { CaseInputs, CaseReport } from "./cases/case-report.js";
import { ensureSkewedJoinDataset } from "./data/ensure-skewed-join-dataset.js";
import { ensureSortedTaxi } from "./data/ensure-sorted-taxi.js";
import { caseMismatches } from "./harness/case-mismatches.js";
import { runCaseProcess } from "./harness/case-process.js";
import { firstDifference } from "./harness/compare-results.js";
import { runEngineProcess } from "./harness/engine-process.js";
import { engineVersions } from "./harness/engine-versions.js";
import { ENGINE_IDS } from "./harness/engines.js";
import { machineDescription, markdownReport, type BenchReport } from "./harness/report.js";
import { runEngine, type EngineReport } from "./harness/run-engine.js";
import { svgChart } from "./harness/svg-chart.js";
import { UnknownEngineError } from "./harness/unknown-engine-error.js";
import { allQueries } from "./queries/queries.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    runs: { type: "string", default: "10" },
    engines: { type: "string", default: ENGINE_IDS.join(",") },
    queries: { type: "string", default: allQueries.map((q) => q.name).join(",") },
    cases: { type: "string", default: BENCH_CASES.map((c) => c.name).join(",") },
    case: { type: "string" },
    "case-inputs": { type: "string" },
    out: { type: "string", default: join(repoRoot, "docs", "benchmarks") },
    "data-dir": { type: "string" },
    "row-group-rows": { type: "string" },
    child: { type: "string" },
    path: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`usage: pnpm bench [--rows N] [--runs N] [--engines ${ENGINE_IDS.join(",")}] [--queries names] [--cases ${BENCH_CASES.map((c) => c.name).join(",")} (empty: none)] [--out dir] [--data-dir dir] [--row-group-rows N]`);
  process.exit(0);
}

const queries = values.queries!.split(",").map((name) => {
  const q = allQueries.find((x) => x.name === name);
  if (!q) throw new Error(`unknown query ${name} (known: ${allQueries.map((x) => x.name).join(", ")})`);
  return q;
});
const runs = Number(values.runs);
const cases = values.cases!.split(",").filter(Boolean).map((name) => {
  const c = BENCH_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`unknown case ${name} (known: ${BENCH_CASES.map((x) => x.name).join(", ")})`);
  return c;
});

if (values.case) {
  // Case child mode: one case, its report as one JSON line on stdout.
  const c = BENCH_CASES.find((x) => x.name === values.case);
  if (!c) throw new Error(`unknown case ${values.case} (known: ${BENCH_CASES.map((x) => x.name).join(", ")})`);
  const report: CaseReport = { case: c.name, description: c.description, measurements: await c.run(JSON.parse(values["case-inputs"]!) as CaseInputs, runs) };
  await new Promise<void>((flushed) => process.stdout.write(`${JSON.stringify(report)}\n`, () => flushed()));
  process.exit(0);
}

if (values.child) {
  // Child mode: one engine (on every rank of it), rank 0 reports as one JSON line on stdout.
  const report = await runEngine(values.child, values.path!, queries, runs);
  // Exit only once the line is flushed: process.exit() cuts off a pipe that is still draining.
  if (report) await new Promise<void>((flushed) => process.stdout.write(`${JSON.stringify(report)}\n`, () => flushed()));
  process.exit(0);
}

const engineIds = values.engines!.split(",");
for (const id of engineIds) if (!(ENGINE_IDS as readonly string[]).includes(id)) throw new UnknownEngineError(id, ENGINE_IDS);
const rows = Number(values.rows);
const dataset = await ensureTaxiDataset({
  rows,
  ...(values["data-dir"] ? { dir: values["data-dir"] } : {}),
  ...(values["row-group-rows"] ? { rowGroupRows: Number(values["row-group-rows"]) } : {}),
  onProgress: ({ rowsWritten }) => process.stderr.write(`\rgenerating ${rows.toLocaleString("en-US")} rows: ${Math.round((100 * rowsWritten) / rows)}%`),
});
if (dataset.created) process.stderr.write("\n");

const engines: EngineReport[] = [];
for (const id of engineIds) {
  process.stderr.write(`running ${id}...\n`);
  engines.push(await runEngineProcess({ engine: id, cli: fileURLToPath(import.meta.url), parquetPath: dataset.path, runs, queries: queries.map((q) => q.name) }));
}

const caseReports: CaseReport[] = [];
if (cases.length > 0) {
  const rowGroupRows = values["row-group-rows"] ? Number(values["row-group-rows"]) : 122_880;
  process.stderr.write("preparing the cases' data (Arrow IPC copy, sorted copy, skewed join dataset)...\n");
  const arrow = await ensureTaxiDataset({ rows, format: "arrow", rowGroupRows, ...(values["data-dir"] ? { dir: values["data-dir"] } : {}) });
  const join = await ensureSkewedJoinDataset({ rows, dir: dirname(dataset.path), rowGroupRows });
  const inputs: CaseInputs = {
    parquetPath: dataset.path,
    arrowPath: arrow.path,
    sortedParquetPath: await ensureSortedTaxi(dataset.path, rowGroupRows),
    joinFactsPath: join.factsPath,
    joinDimPath: join.dimPath,
  };
  for (const c of cases) {
    process.stderr.write(`running case ${c.name}...\n`);
    caseReports.push(await runCaseProcess({ cli: fileURLToPath(import.meta.url), caseName: c.name, inputs, runs }));
  }
}

const mismatches: string[] = caseMismatches(caseReports);
const reference = engines[0]!;
for (const e of engines.slice(1)) {
  for (const q of e.queries) {
    const d = firstDifference(reference.queries.find((x) => x.query === q.query)!.result, q.result);
    if (d) mismatches.push(`${q.query}: ${e.engine} vs ${reference.engine}: ${d}`);
  }
}
const report: BenchReport = {
  rows, runs, dataset: dataset.path.replace(repoRoot + "/", ""), date: new Date().toISOString().slice(0, 10),
  machine: machineDescription(), node: process.version, versions: engineVersions(), engines, cases: caseReports, mismatches,
};
const md = markdownReport(report);
await mkdir(values.out!, { recursive: true });
const name = `local-vs-peers-${rows}`;
await writeFile(join(values.out!, `${name}.md`), md);
await writeFile(join(values.out!, `${name}.svg`), svgChart(report));
await writeFile(join(values.out!, `${name}.json`), JSON.stringify({ ...report, engines: engines.map((e) => ({ ...e, queries: e.queries.map(({ result: _r, ...rest }) => rest) })), cases: caseReports.map((c) => ({ ...c, measurements: c.measurements.map(({ result: _r, ...rest }) => rest) })) }, null, 2));
console.log(md);
if (mismatches.length) process.exit(1);
