import { cpus, totalmem } from "node:os";
import type { CaseReport } from "../cases/case-report.js";
import { casesTable } from "./cases-table.js";
import { REPORT_RATIOS, timeRatio } from "./report-ratios.js";
import { WARMUP_RUNS, type EngineReport } from "./run-engine.js";

export interface BenchReport {
  readonly rows: number;
  readonly runs: number;
  readonly dataset: string;
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  /** Versions of the runtimes and libraries the engines use (engineVersions()). */
  readonly versions?: Readonly<Record<string, string>>;
  readonly engines: readonly EngineReport[];
  /** The cases beyond the reference queries (parquet read, pruning, join, overheads), when run. */
  readonly cases?: readonly CaseReport[];
  /** query → engine → difference from the reference engine, when answers disagree. */
  readonly mismatches: readonly string[];
}

export function machineDescription(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
}

const fmt = (ms: number) => (ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(3)} s`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * A Markdown report: median query time per engine (min–max), load time and peak RSS, then the
 * ratio rows the issues accept on (REPORT_RATIOS; only those whose engines both ran), the
 * machine and the versions; then the cases beyond the queries (casesTable), when there are any.
 */
export function markdownReport(r: BenchReport): string {
  const queries = r.engines[0]?.queries.map((q) => q.query) ?? [];
  const head = `| engine | load | ${queries.join(" | ")} | peak RSS |`;
  const sep = `|---|---|${queries.map(() => "---").join("|")}|---|`;
  const rows = r.engines.map((e) => {
    const cells = queries.map((q) => {
      const t = e.queries.find((x) => x.query === q);
      return t ? `${fmt(t.medianMs)} (${fmt(t.minMs)}–${fmt(t.maxMs)})` : "—";
    });
    const ranks = (e.ranks ?? 1) > 1 ? ` (${e.ranks} ranks)` : "";
    const rss = (e.ranks ?? 1) > 1 ? `${mib(e.peakRssBytes)} (sum of ${e.ranks} ranks)` : mib(e.peakRssBytes);
    return `| ${e.engine}${ranks} | ${fmt(e.loadMs)} | ${cells.join(" | ")} | ${rss} |`;
  });
  const ratios = REPORT_RATIOS.filter((row) => queries.some((q) => timeRatio(r.engines, row, q) !== undefined)).map((row) => {
    const cells = queries.map((q) => {
      const x = timeRatio(r.engines, row, q);
      return x === undefined ? "—" : `${x.toFixed(2)}×`;
    });
    return `| ${row.label} | ${cells.join(" | ")} | ${row.target} |`;
  });
  const ratioTable = ratios.length
    ? ["", "Ratios of median times (below 1: the first engine is faster; the speed-up row is 1-rank time over 2-rank time):", "", `| ratio | ${queries.join(" | ")} | target |`, `|---|${queries.map(() => "---").join("|")}|---|`, ...ratios]
    : [];
  // The machine's own 1 → 2 core speed-up in this run, printed under the native speed-up it bounds.
  const ceiling = (r.cases ?? []).find((c) => c.case === "two_core_ceiling");
  const ceilingOf = (workload: string) => {
    const median = (workers: number) => ceiling?.measurements.find((m) => m.engine === `${workload} loop, ${workers} worker${workers > 1 ? "s" : ""}`)?.median;
    const one = median(1);
    const two = median(2);
    return one === undefined || two === undefined ? undefined : `${(one / two).toFixed(2)}×`;
  };
  const ceilingLine = ceiling && ratios.length && ceilingOf("compute") && ceilingOf("stream")
    ? ["", `The machine's own 1 → 2 core speed-up in this run (case two_core_ceiling, no communication at all): ${ceilingOf("compute")} for a cached compute loop, ${ceilingOf("stream")} for a memory-streaming loop.`]
    : [];
  const versions = r.versions ? Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ") : `Node ${r.node}`;
  return (
    [
      `# Benchmark: ${r.rows.toLocaleString("en-US")} taxi rows`,
      "",
      `Median of ${r.runs} timed runs after ${WARMUP_RUNS} warm-up runs, query time with the data in memory (load time apart), each engine in its own process (a multi-rank engine: one process per rank under mpirun, each holding its share of the row groups; its times are rank 0's, from a barrier to the gathered result).`,
      `Machine: ${r.machine}; ${r.date}. Versions: ${versions}. Dataset: \`${r.dataset}\`.`,
      "",
      head,
      sep,
      ...rows,
      ...ratioTable,
      ...ceilingLine,
      ...casesTable(r.cases ?? []),
    ].join("\n") +
    "\n\n" +
    (r.mismatches.length ? `**Answer mismatches:**\n${r.mismatches.map((m) => `- ${m}`).join("\n")}\n` : "Every engine returned the same answers (floats within 1e-9 relative), in the queries and in the cases.\n")
  );
}
