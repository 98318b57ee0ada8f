import type { ExampleContext } from "./example.js";
import { onnxScoring } from "./onnx-scoring.js";
import { pjitSimulatedRanks } from "./pjit-simulated-ranks.js";
import { scanRunningStats } from "./scan-running-stats.js";
import { vmapLocationFeatures } from "./vmap-location-features.js";

/** The examples `datajax example <name>` runs, by name. */
export const examples: Readonly<Record<string, { readonly what: string; readonly run: (ctx: ExampleContext) => Promise<void> }>> = {
  "vmap-location-features": { what: "per-location features written for one location, batched over all with vmap", run: vmapLocationFeatures },
  "pjit-simulated-ranks": { what: "hourly fares partitioned over 4 simulated ranks with pjit, and which rows each rank holds", run: pjitSimulatedRanks },
  "scan-running-stats": { what: "running per-location totals over time-ordered days with scan, no future rows", run: scanRunningStats },
  "onnx-scoring": { what: "features as a float32 tensor into an ONNX model built in code, run by onnxruntime-node (optional)", run: onnxScoring },
};
export type { ExampleContext } from "./example.js";
