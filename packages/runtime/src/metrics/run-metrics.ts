import type { StageMetrics, UnsupportedFeature } from "@datajax/core-ir";

/**
 * Counters of one run: the whole run and each stage. Executor.run returns them in `RunResult.metrics`.
 *
 * @example
 * ```ts
 * import type { RunMetrics } from "@datajax/runtime";
 *
 * function slowestStage(m: RunMetrics): string | undefined {
 *   return [...m.stages].sort((a, b) => b.wallMs - a.wallMs)[0]?.stageId;
 * }
 * ```
 */
export interface RunMetrics {
  /** Id of the backend that ran the graph (the fallback's when it ran there). */
  readonly backend: string;
  /** Wall time of the whole run, compilation included, in milliseconds. */
  readonly wallMs: number;
  /** Time spent compiling stages (and checking bindings), in milliseconds. */
  readonly compileMs: number;
  /** Stages whose compiled form came from the compiled-stage cache. */
  readonly compiledStagesReused: number;
  /** Rows of the output. */
  readonly rowsOut: number;
  /** Record batches of the output. */
  readonly batchesOut: number;
  /** The most ArrayBuffer memory the process held while the run went (sampled at every stage's end). */
  readonly peakBufferBytes: number;
  /** Each stage's counters, in the order the stages finished (with several ranks: one entry per stage and rank). */
  readonly stages: readonly StageMetrics[];
  /** Set when the executor ran the graph on its fallback backend because the first one could not run all of it. */
  readonly fallback?: BackendFallback;
}

/**
 * Why a run moved from the executor's backend to its fallback: the backend ids and everything
 * the first backend reported it cannot run.
 *
 * @example
 * ```ts
 * import type { BackendFallback, RunResult } from "@datajax/runtime";
 *
 * const describeFallback = (f: BackendFallback) => `${f.from} → ${f.to}: ${f.reasons.map((r) => r.reason).join("; ")}`;
 * function report({ metrics }: RunResult): void {
 *   if (metrics.fallback) console.log(describeFallback(metrics.fallback));
 * }
 * ```
 */
export interface BackendFallback {
  /** Id of the executor's backend, which could not run the graph. */
  readonly from: string;
  /** Id of the fallback backend that ran it. */
  readonly to: string;
  /** Everything `from` reported it cannot run (stage, node, reason). */
  readonly reasons: readonly UnsupportedFeature[];
}

/**
 * A fixed-width table of per-stage metrics for terminals (one line per stage, `s0@r2` for stage s0
 * on rank 2), then a line with the run's totals.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame } from "@datajax/datajax";
 * import { formatMetrics } from "@datajax/runtime";
 *
 * const trips = tableFromArrays({ fare_amount: Float64Array.from([12.5, -3, 31.2]) });
 * const { metrics } = await djit((t: Frame) => t.filter(col("fare_amount").gt(0))).run(trips);
 * console.log(formatMetrics(metrics));
 * ```
 */
export function formatMetrics(m: RunMetrics): string {
  const head = ["stage", "wall ms", "rows in", "rows out", "bytes read", "exchanged", "batches"];
  // With several ranks each stage reports once per rank: s0@r2 is stage s0 on rank 2.
  const rows = m.stages.map((s) => [s.rank === undefined ? s.stageId : `${s.stageId}@r${s.rank}`, s.wallMs.toFixed(1), String(s.rowsIn), String(s.rowsOut), formatBytes(s.bytesRead), formatBytes(s.bytesExchanged), String(s.batches)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    line(head),
    ...rows.map(line),
    `total ${m.wallMs.toFixed(1)} ms on backend ${m.backend} (compile ${m.compileMs.toFixed(1)} ms, ${m.compiledStagesReused} stage(s) from cache), ${m.rowsOut} rows out, peak buffers ${formatBytes(m.peakBufferBytes)}`,
  ].join("\n");
}

/**
 * A byte count for people: bytes below 1 KiB, else KiB, MiB, GiB or TiB with one decimal.
 *
 * @example
 * ```ts
 * import { formatBytes } from "@datajax/runtime";
 *
 * formatBytes(512); // "512 B"
 * formatBytes(3 * 1024 * 1024); // "3.0 MiB"
 * ```
 */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]}`;
}

/**
 * One JSON object per line: a line per stage (`"kind":"stage"`), then the run (`"kind":"run"`);
 * the text ends with a newline.
 *
 * @example
 * ```ts
 * import { appendFile } from "node:fs/promises";
 * import { metricsToJsonLines, type RunResult } from "@datajax/runtime";
 *
 * async function logRun({ metrics }: RunResult): Promise<void> {
 *   await appendFile("runs.jsonl", metricsToJsonLines(metrics));
 * }
 * ```
 */
export function metricsToJsonLines(m: RunMetrics): string {
  const { stages, ...run } = m;
  return [...stages.map((s) => JSON.stringify({ kind: "stage", ...s })), JSON.stringify({ kind: "run", ...run })].join("\n") + "\n";
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labels = (l: Record<string, string | number | undefined>) =>
  `{${Object.entries(l).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`).join(",")}}`;

/**
 * The Prometheus text exposition format (gauges named `datajax_*`): per-stage series labelled by
 * backend, stage and rank, then the run's. `extra` labels are added to every series.
 *
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises";
 * import { metricsToPrometheus, type RunResult } from "@datajax/runtime";
 *
 * async function exportRun({ metrics }: RunResult): Promise<void> {
 *   // For node_exporter's textfile collector.
 *   await writeFile("datajax.prom", metricsToPrometheus(metrics, { job: "featurize" }));
 * }
 * ```
 */
export function metricsToPrometheus(m: RunMetrics, extra: Readonly<Record<string, string>> = {}): string {
  const out: string[] = [];
  const gauge = (name: string, help: string, samples: [Record<string, string | number | undefined>, number][]) => {
    out.push(`# HELP datajax_${name} ${help}`, `# TYPE datajax_${name} gauge`);
    for (const [l, v] of samples) out.push(`datajax_${name}${labels({ ...extra, ...l })} ${v}`);
  };
  const per = (f: (s: StageMetrics) => number) => m.stages.map((s): [Record<string, string | number | undefined>, number] => [{ backend: m.backend, stage: s.stageId, rank: s.rank }, f(s)]);
  gauge("stage_wall_seconds", "Wall time of a stage.", per((s) => s.wallMs / 1000));
  gauge("stage_rows_in", "Rows a stage read.", per((s) => s.rowsIn));
  gauge("stage_rows_out", "Rows a stage produced.", per((s) => s.rowsOut));
  gauge("stage_bytes_read", "Bytes a stage's scans read.", per((s) => s.bytesRead));
  gauge("stage_bytes_exchanged", "Bytes a stage's output moved between ranks.", per((s) => s.bytesExchanged));
  gauge("stage_batches", "Record batches a stage's scans read.", per((s) => s.batches));
  const run: Record<string, string> = { backend: m.backend };
  gauge("run_wall_seconds", "Wall time of the run.", [[run, m.wallMs / 1000]]);
  gauge("run_compile_seconds", "Time spent compiling stages.", [[run, m.compileMs / 1000]]);
  gauge("run_rows_out", "Rows the run returned.", [[run, m.rowsOut]]);
  gauge("run_peak_buffer_bytes", "Most ArrayBuffer memory held during the run.", [[run, m.peakBufferBytes]]);
  return out.join("\n") + "\n";
}
