import { registerLocalBackend } from "@datajax/backend-local";
import { createContainer, tableSource } from "@datajax/runtime";
import { col, count, djit, sum } from "@datajax/transforms";
import { tableFromArrays } from "apache-arrow";
import { tableRows } from "../queries/reference-query.js";
import { CaseAnswerError } from "./case-answer-error.js";
import type { BenchCase } from "./case-report.js";
import { sampleStats } from "./sample-stats.js";

/** Calls timed, after as many warm-up calls. */
export const CACHE_HIT_CALLS = 2000;

/**
 * djit's overhead on a cache hit: an already-compiled filter + sum called on an 8-row table, µs
 * per call (the whole call: signature, cache look-up, executing the cached plan, the result
 * table), median over CACHE_HIT_CALLS calls. Its answer is checked by hand: 4 rows above 0, sum 22.
 */
export const cacheHitCase: BenchCase = {
  name: "cache_hit",
  description: `djit call of an already-compiled function on an 8-row table, µs per call (median of ${CACHE_HIT_CALLS})`,
  async run() {
    const container = createContainer();
    registerLocalBackend(container);
    const tiny = tableSource(tableFromArrays({ x: Float64Array.of(-1, 3, 0, 5, -2, 7, 7, -9) }), "tiny");
    const fn = djit((t) => t.filter(col("x").gt(0)).agg({ n: count(), total: sum("x") }), { container, name: "cache_hit" });
    const samples: number[] = [];
    let last = await fn(tiny);
    for (let i = 0; i < 2 * CACHE_HIT_CALLS; i++) {
      const t0 = performance.now();
      last = await fn(tiny);
      const us = (performance.now() - t0) * 1000;
      if (i >= CACHE_HIT_CALLS) samples.push(us);
    }
    const answer = tableRows(last, []);
    const expected = [{ n: 4, total: 22 }];
    if (JSON.stringify(answer) !== JSON.stringify(expected)) throw new CaseAnswerError("cache_hit", answer, expected);
    return [{ engine: "datajax-local", unit: "µs", ...sampleStats(samples), detail: `${fn.cacheSize} compiled entry after ${2 * CACHE_HIT_CALLS + 1} calls` }];
  },
};
