import { createHash } from "node:crypto";
import type { PlanNode } from "../nodes/plan-node.js";
import { planToJson } from "./plan-json.js";

/** sha256 (hex) of the plan's canonical JSON: equal plans hash equal, across processes. */
export function planHash(plan: PlanNode): string {
  return createHash("sha256").update(JSON.stringify(planToJson(plan))).digest("hex");
}
