import { registerLocalBackend } from "@datajax/backend-local";
import { generateTaxi } from "@datajax/datajax";
import { createContainer, tableSource } from "@datajax/runtime";
import { djit } from "@datajax/transforms";
import { Table } from "apache-arrow";
import { featurize } from "../queries/queries.js";
import type { BenchCase } from "./case-report.js";
import { sampleStats } from "./sample-stats.js";

/** Calls timed (after as many warm-up calls): each a fresh djit, so nothing comes from its cache. */
export const LOWER_OVERHEAD_CALLS = 500;

/**
 * Trace + optimize + plan of featurize: `djit(featurize).lower(trips)` on a fresh djit each call
 * (its lowering cache empty), median µs per call. The input's size does not matter to lowering;
 * a small table keeps the case quick.
 */
export const lowerOverheadCase: BenchCase = {
  name: "lower_overhead",
  description: "trace + optimize + plan of featurize (djit(...).lower(...), fresh djit per call), µs per call",
  async run() {
    const container = createContainer();
    registerLocalBackend(container);
    const trips = tableSource(new Table([...generateTaxi({ rows: 1000 })]), "trips");
    const samples: number[] = [];
    let stages = 0;
    for (let i = 0; i < 2 * LOWER_OVERHEAD_CALLS; i++) {
      const fn = djit(featurize.pipeline, { container, name: featurize.name });
      const t0 = performance.now();
      const lowered = fn.lower(trips);
      const us = (performance.now() - t0) * 1000;
      if (i >= LOWER_OVERHEAD_CALLS) samples.push(us);
      stages = lowered.stages.stages.length;
    }
    return [{ engine: "datajax-local", unit: "µs", ...sampleStats(samples), detail: `${stages} stage(s) planned per call` }];
  },
};
