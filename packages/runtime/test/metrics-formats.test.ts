import { describe, expect, it } from "vitest";
import { formatMetrics, metricsToJsonLines, metricsToPrometheus, type RunMetrics } from "../src/index.js";

const metrics: RunMetrics = {
  backend: "local", wallMs: 1234.5, compileMs: 2.5, compiledStagesReused: 1, rowsOut: 42, batchesOut: 1, peakBufferBytes: 5 * 2 ** 20,
  stages: [
    { stageId: "s0", wallMs: 1000, rowsIn: 1000, rowsOut: 10, bytesRead: 4096, bytesExchanged: 0, batches: 2, rank: 0 },
    { stageId: "s0", wallMs: 900, rowsIn: 900, rowsOut: 9, bytesRead: 4000, bytesExchanged: 0, batches: 2, rank: 1 },
    { stageId: 's1"x', wallMs: 200, rowsIn: 19, rowsOut: 42, bytesRead: 0, bytesExchanged: 128, batches: 1 },
  ],
};

describe("metrics formats", () => {
  it("JSON lines: one object per stage, then the run", () => {
    const lines = metricsToJsonLines(metrics).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ kind: "stage", stageId: "s0", wallMs: 1000, rowsIn: 1000, rowsOut: 10, bytesRead: 4096, bytesExchanged: 0, batches: 2, rank: 0 });
    expect(lines[3]).toEqual({ kind: "run", backend: "local", wallMs: 1234.5, compileMs: 2.5, compiledStagesReused: 1, rowsOut: 42, batchesOut: 1, peakBufferBytes: 5242880 });
  });

  it("Prometheus text: typed gauges, stage and rank labels, escaped values", () => {
    const text = metricsToPrometheus(metrics, { job: "featurize" });
    expect(text).toContain("# TYPE datajax_stage_wall_seconds gauge\n");
    expect(text).toContain('datajax_stage_wall_seconds{job="featurize",backend="local",stage="s0",rank="1"} 0.9\n');
    expect(text).toContain('datajax_stage_bytes_exchanged{job="featurize",backend="local",stage="s1\\"x"} 128\n');
    expect(text).toContain('datajax_run_peak_buffer_bytes{job="featurize",backend="local"} 5242880\n');
    for (const line of text.trimEnd().split("\n")) expect(line).toMatch(/^(# (HELP|TYPE) datajax_\w+ .+|datajax_\w+\{[^}]*\} [0-9.e+-]+)$/);
  });

  it("the table shows the peak buffer memory", () => {
    expect(formatMetrics(metrics)).toMatch(/peak buffers 5\.0 MiB$/);
  });
});
