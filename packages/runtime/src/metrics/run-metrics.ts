import type { StageMetrics } from "@datajax/core-ir";

/** Counters of one run: the whole run and each stage. */
export interface RunMetrics {
  readonly backend: string;
  readonly wallMs: number;
  readonly compileMs: number;
  readonly compiledStagesReused: number;
  readonly rowsOut: number;
  readonly batchesOut: number;
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
    `total ${m.wallMs.toFixed(1)} ms on backend ${m.backend} (compile ${m.compileMs.toFixed(1)} ms, ${m.compiledStagesReused} stage(s) from cache), ${m.rowsOut} rows out`,
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
