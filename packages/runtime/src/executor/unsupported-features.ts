import type { Backend, StageGraph, UnsupportedFeature } from "@datajax/core-ir";

/**
 * Everything in `graph` that `backend` says it cannot run (its `unsupported(stage)` over every
 * stage); empty when it runs all of it or does not implement `unsupported`.
 *
 * @example
 * ```ts
 * import { unsupportedFeatures } from "@datajax/runtime";
 * import type { Backend, StageGraph } from "@datajax/core-ir";
 *
 * function explainUnsupported(backend: Backend, graph: StageGraph): void {
 *   const missing = unsupportedFeatures(backend, graph);
 *   if (missing.length > 0) console.log(missing.map((f) => `${f.stageId} ${f.node}: ${f.reason}`).join("\n"));
 * }
 * ```
 */
export function unsupportedFeatures(backend: Backend, graph: StageGraph): UnsupportedFeature[] {
  if (!backend.unsupported) return [];
  return graph.stages.flatMap((stage) => backend.unsupported!(stage));
}
