import { printPlan, printStageGraph, type PlanNode, type StageGraph } from "@datajax/core-ir";
import { optimizeWithTrace, type AppliedRule, type OptimizeOptions } from "@datajax/optimizer";
import { planStages } from "@datajax/planner";

export type { AppliedRule, OptimizeOptions };

/**
 * The printable forms of a lowering (`lowered.text`).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame, type LoweredText } from "@datajax/transforms";
 * const positive = djit((trips: Frame) => trips.filter(col("fare").gt(0)));
 * const text: LoweredText = positive.lower(tableFromArrays({ fare: Float64Array.from([1, -1]) })).text;
 * console.log(text.ir, text.optimized, text.rules ?? "(no rule applied)");
 * ```
 */
export interface LoweredText {
  /** The traced plan, one typed binder per node: `t1: {a:int32} = filter[a > 0] t0`. */
  readonly ir: string;
  /** The plan after the optimizer. */
  readonly optimized: string;
  /** The stage graph the backend compiles. */
  readonly stages: string;
  /** The rules that changed the plan, in order, one per line (absent when none did). */
  readonly rules?: string;
}

/**
 * The artifacts of tracing and planning a function for one signature, without running it: what
 * `jitted.lower(...args)` returns (no backend or container needed).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame, type Lowered } from "@datajax/transforms";
 * const positive = djit((trips: Frame) => trips.filter(col("fare").gt(0)).select("fare"));
 * const lowered: Lowered = positive.lower(tableFromArrays({ fare: Float64Array.from([1, -1]) }));
 * lowered.stages.stages.length;          // 1 (no exchange on one process)
 * console.log(lowered.explain({ rules: true })); // the listings, then each rule's effect
 * ```
 */
export interface Lowered {
  /** The plan as traced, before optimization. */
  readonly ir: PlanNode;
  /** The plan after the optimizer (the traced plan when optimization is off). */
  readonly optimized: PlanNode;
  /** The stage graph the planner cut from the optimized plan; what the backend compiles. */
  readonly stages: StageGraph;
  /** The rule walks that changed the plan, in the order the optimizer applied them. */
  readonly rules: readonly AppliedRule[];
  /** The printable forms of the above. */
  readonly text: LoweredText;
  /** The three listings (and the rules) under `# ir`, `# optimized`, `# stages` headings. */
  toString(): string;
  /** The listing; with `rules: true`, then each rule's effect on the plan, in the order the driver applied them. */
  explain(options?: { readonly rules?: boolean }): string;
}

/** Optimizes (unless `optimize` is false) and plans a traced plan. */
export function lowerPlan(ir: PlanNode, optimize: OptimizeOptions | false | undefined): Lowered {
  const { plan: optimized, applied } = optimize === false ? { plan: ir, applied: [] as AppliedRule[] } : optimizeWithTrace(ir, optimize);
  const stages = planStages(optimized);
  const rules = applied.map((a) => a.rule);
  const text: LoweredText = Object.freeze({
    ir: printPlan(ir),
    optimized: printPlan(optimized),
    stages: printStageGraph(stages),
    ...(rules.length > 0 ? { rules: rules.join("\n") } : {}),
  });
  const listing = [
    "# ir",
    text.ir,
    `# optimized${rules.length > 0 ? ` (rules: ${rules.join(", ")})` : optimize === false ? " (optimizer off)" : " (no rule applied)"}`,
    text.optimized,
    "# stages",
    text.stages,
  ].join("\n");
  const explain = (options: { readonly rules?: boolean } = {}): string => {
    if (!options.rules) return listing;
    const effects = applied.map((a) => `-- ${a.rule} (batch ${a.batch}, pass ${a.iteration})\n${a.after}`);
    return [listing, "# rules", ...(effects.length > 0 ? effects : ["(no rule changed the plan)"])].join("\n");
  };
  return Object.freeze({ ir, optimized, stages, rules: Object.freeze([...applied]), text, toString: () => listing, explain });
}
