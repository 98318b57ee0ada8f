import { cpus, totalmem } from "node:os";
import type { EngineReport } from "./run-engine.js";

export interface BenchReport {
  readonly rows: number;
  readonly runs: number;
  readonly dataset: string;
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  readonly engines: readonly EngineReport[];
  /** query → engine → difference from the reference engine, when answers disagree. */
  readonly mismatches: readonly string[];
}

export function machineDescription(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
}

const fmt = (ms: number) => (ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(3)} s`);

/** A Markdown table: median query time per engine (min–max), then the local/hand-written ratio. */
export function markdownReport(r: BenchReport): string {
  const queries = r.engines[0]?.queries.map((q) => q.query) ?? [];
  const head = `| engine | load | ${queries.join(" | ")} | peak RSS |`;
  const sep = `|---|---|${queries.map(() => "---").join("|")}|---|`;
  const rows = r.engines.map((e) => {
    const cells = queries.map((q) => {
      const t = e.queries.find((x) => x.query === q);
      return t ? `${fmt(t.medianMs)} (${fmt(t.minMs)}–${fmt(t.maxMs)})` : "—";
    });
    return `| ${e.engine} | ${fmt(e.loadMs)} | ${cells.join(" | ")} | ${(e.peakRssBytes / 2 ** 20).toFixed(0)} MiB |`;
  });
  const hand = r.engines.find((e) => e.engine === "hand-written");
  const local = r.engines.find((e) => e.engine === "datajax-local");
  const ratio =
    hand && local
      ? `\n| local / hand-written | | ${queries
          .map((q) => {
            const a = local.queries.find((x) => x.query === q)!.medianMs;
            const b = hand.queries.find((x) => x.query === q)!.medianMs;
            return `${(a / b).toFixed(2)}×`;
          })
          .join(" | ")} | |`
      : "";
  return [
    `# Benchmark: ${r.rows.toLocaleString("en-US")} taxi rows`,
    "",
    `Median of ${r.runs} timed runs after one warm-up, query time with the data in memory (load time apart), each engine in its own process.`,
    `Machine: ${r.machine}; Node ${r.node}; ${r.date}. Dataset: \`${r.dataset}\`.`,
    "",
    head,
    sep,
    ...rows,
  ].join("\n") + ratio + "\n\n" + (r.mismatches.length ? `**Answer mismatches:**\n${r.mismatches.map((m) => `- ${m}`).join("\n")}\n` : "Every engine returned the same answers (floats within 1e-9 relative).\n");
}
