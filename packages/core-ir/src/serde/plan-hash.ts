import { createHash } from "node:crypto";
import type { PlanNode } from "../nodes/plan-node.js";
import { planToJson } from "./plan-json.js";

/**
 * sha256 (hex) of the plan's canonical JSON: equal plans hash equal, across processes.
 *
 * @example
 * ```ts
 * import { field, planHash, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const build = () => ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * planHash(build()) === planHash(build()); // true
 * planHash(build()).length; // 64
 * ```
 */
export function planHash(plan: PlanNode): string {
  return createHash("sha256").update(JSON.stringify(planToJson(plan))).digest("hex");
}
