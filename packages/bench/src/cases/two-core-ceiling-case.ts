import { Worker } from "node:worker_threads";
import type { BenchCase, CaseMeasurement } from "./case-report.js";
import { sampleStats } from "./sample-stats.js";

/** The two loops the case times: one that stays in cache and one that streams from memory. */
export type CeilingWorkload = "compute" | "stream";

/** What one worker reports for one timed run: its milliseconds and a checksum of the work done. */
interface WorkerRun {
  readonly ms: number;
  readonly checksum: number;
}

/**
 * The worker's whole program, run with `eval` (so it needs no file of its own, from src or dist):
 * it builds its share of the data, then on each "go" (Atomics on `signal`) runs the workload once
 * and posts its milliseconds and checksum. `share` is its fraction of the full work (1 or 0.5).
 * Self-contained: it may use nothing from the module around it.
 */
function ceilingWorker(): void {
  const { parentPort, workerData } = require("node:worker_threads") as typeof import("node:worker_threads");
  const { workload, share, signal, repetitions, streamRows } = workerData as { workload: CeilingWorkload; share: number; signal: SharedArrayBuffer; repetitions: number; streamRows: number };
  const go = new Int32Array(signal);
  // compute: a dense group-by (4 bytes of key, 8 of value) over 16 Ki rows that stay in L1/L2;
  // stream: one sum over its own array of float64s, far larger than the caches.
  const CACHE_ROWS = 16_384;
  const keys = new Int32Array(CACHE_ROWS).map((_, i) => (i * 7919) % 265);
  const values = new Float64Array(CACHE_ROWS).map((_, i) => i % 13);
  const big = workload === "stream" ? new Float64Array(streamRows * share).fill(1) : new Float64Array(0);
  const reps = repetitions * share;
  const compute = (): number => {
    const acc = new Float64Array(266);
    for (let r = 0; r < reps; r++) for (let i = 0; i < CACHE_ROWS; i++) acc[keys[i]!]! += values[i]!;
    return acc.reduce((a, b) => a + b, 0);
  };
  const stream = (): number => {
    let a = 0, b = 0, c = 0, d = 0;
    for (let i = 0; i + 3 < big.length; i += 4) {
      a += big[i]!;
      b += big[i + 1]!;
      c += big[i + 2]!;
      d += big[i + 3]!;
    }
    return a + b + c + d;
  };
  const run = workload === "compute" ? compute : stream;
  run(); // warm-up: compiled before the first timed run
  parentPort!.postMessage("ready");
  let seen = 0;
  for (;;) {
    Atomics.wait(go, 0, seen);
    seen = Atomics.load(go, 0);
    if (seen < 0) return;
    const t0 = performance.now();
    const checksum = run();
    parentPort!.postMessage({ ms: performance.now() - t0, checksum });
  }
}

/** A running group of workers that start each timed run together. */
class WorkerGroup {
  private readonly signal = new SharedArrayBuffer(4);
  private readonly workers: Worker[];

  constructor(count: number, workload: CeilingWorkload, repetitions: number, streamRows: number) {
    const share = 1 / count;
    this.workers = Array.from({ length: count }, () => new Worker(`(${ceilingWorker.toString()})()`, { eval: true, workerData: { workload, share, signal: this.signal, repetitions, streamRows } }));
  }

  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once("error", reject);
      w.once("message", () => resolve());
    })));
  }

  /** One run: every worker starts at the same signal; resolves to each worker's report. */
  run(): Promise<WorkerRun[]> {
    const done = Promise.all(this.workers.map((w) => new Promise<WorkerRun>((resolve) => w.once("message", resolve))));
    const go = new Int32Array(this.signal);
    Atomics.add(go, 0, 1);
    Atomics.notify(go, 0);
    return done;
  }

  async close(): Promise<void> {
    Atomics.store(new Int32Array(this.signal), 0, -1);
    Atomics.notify(new Int32Array(this.signal), 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The sizes of the full work: about 0.1 s of either loop on one core of the reference machine. */
export interface CeilingSizes {
  /** Passes of the compute loop over its 16 Ki cached rows. */
  readonly repetitions: number;
  /** Float64 values the stream loop sums (8 bytes each). */
  readonly streamRows: number;
}

export const CEILING_SIZES: CeilingSizes = { repetitions: 3000, streamRows: 40_000_000 };

/**
 * Times one workload as one worker doing all of it and as two workers doing half each, started
 * together; a two-worker run lasts until the slower one ends (as a 2-rank query waits for its
 * slower rank). Throws if the halves' checksums do not add up to the whole's: both must do the work.
 */
export async function measureCeiling(workload: CeilingWorkload, runs: number, sizes: CeilingSizes = CEILING_SIZES): Promise<{ readonly one: number[]; readonly two: number[]; readonly checksums: readonly [number, number] }> {
  if (sizes.repetitions % 2 !== 0 || sizes.streamRows % 8 !== 0) throw new RangeError(`two_core_ceiling: repetitions must be even and streamRows a multiple of 8 (got ${sizes.repetitions}, ${sizes.streamRows}), so the halves are exact`);
  const timed = async (count: number) => {
    const group = new WorkerGroup(count, workload, sizes.repetitions, sizes.streamRows);
    try {
      await group.ready();
      await group.run(); // untimed
      const ms: number[] = [];
      let checksum = 0;
      for (let i = 0; i < runs; i++) {
        const reports = await group.run();
        ms.push(Math.max(...reports.map((r) => r.ms)));
        checksum = reports.reduce((s, r) => s + r.checksum, 0);
      }
      return { ms, checksum };
    } finally {
      await group.close();
    }
  };
  const one = await timed(1);
  const two = await timed(2);
  if (one.checksum !== two.checksum) throw new Error(`two_core_ceiling: the halves' checksums (${two.checksum}) do not add up to the whole's (${one.checksum})`);
  return { one: one.ms, two: two.ms, checksums: [one.checksum, two.checksum] };
}

/**
 * What this machine allows a two-rank engine: the speed-up from one core to two for a loop with
 * no communication at all, split into fixed halves (as row groups are split between ranks). An
 * engine's 1-rank / 2-rank speed-up can only come near it; the report prints it beside theirs.
 */
export const twoCoreCeilingCase: BenchCase = {
  name: "two_core_ceiling",
  description: "the machine's own ceiling for a 2-rank speed-up: one worker doing a loop's whole work vs two workers doing fixed halves, started together (compute: a cached dense group-by; stream: a sum over 320 MB)",
  async run(_inputs, runs) {
    const out: CaseMeasurement[] = [];
    for (const workload of ["compute", "stream"] as const) {
      const { one, two } = await measureCeiling(workload, Math.max(runs, 9));
      const a = sampleStats(one);
      const b = sampleStats(two);
      out.push({ engine: `${workload} loop, 1 worker`, unit: "ms", ...a, detail: "the whole work" });
      out.push({ engine: `${workload} loop, 2 workers`, unit: "ms", ...b, detail: `half each; speed-up ${(a.median / b.median).toFixed(2)}× (medians)` });
    }
    return out;
  },
};
