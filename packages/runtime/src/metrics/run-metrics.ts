import type { StageMetrics } from "@datajax/core-ir";

/** Counters of one run: the whole run and each stage. */
export interface RunMetrics {
  readonly backend: string;
  readonly wallMs: number;
  readonly compileMs: number;
  readonly compiledStagesReused: number;
  readonly rowsOut: number;
  readonly batchesOut: number;
  /** The most ArrayBuffer memory the process held while the run went (sampled at every stage's end). */
  readonly peakBufferBytes: number;
  readonly stages: readonly StageMetrics[];
}

/** A fixed-width table of per-stage metrics for terminals. */
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

/** One JSON object per line: a line per stage (`"kind":"stage"`), then the run (`"kind":"run"`). */
export function metricsToJsonLines(m: RunMetrics): string {
  const { stages, ...run } = m;
  return [...stages.map((s) => JSON.stringify({ kind: "stage", ...s })), JSON.stringify({ kind: "run", ...run })].join("\n") + "\n";
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labels = (l: Record<string, string | number | undefined>) =>
  `{${Object.entries(l).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`).join(",")}}`;

/** The Prometheus text exposition format (gauges): per-stage series labelled by stage and rank, then the run's. */
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
