import { JoinNode, type PlanNode } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { eliminateCommonSubplans, optimize, optimizeWith } from "../src/index.js";
import { agg, explain, lines, scan } from "./support/build.js";

const trips = () => scan("trips", ["zone:int32", "fare:float64"]);

describe("eliminate_common_subplans", () => {
  it("two equal reads of one source become one shared Scan (the plan text is unchanged, the nodes are one)", () => {
    const plan = JoinNode.create(trips(), agg(trips(), ["zone"], { avg: ["mean", "fare"] }), "inner", ["zone"]);
    const out = optimizeWith([eliminateCommonSubplans], plan) as JoinNode;
    expect(out).not.toBe(plan);
    const inner = ((out.right as { input: PlanNode }).input as { input: PlanNode }).input;
    expect(inner).toBe(out.left);
    expect(explain(out)).toBe(explain(plan));
    expect(optimizeWith([eliminateCommonSubplans], out)).toBe(out); // a fixed point
  });

  it("leaves different reads apart, and a plan without repeats as it is", () => {
    const other = scan("trips", ["zone:int32", "fare:float64"], { columns: ["zone"] });
    const plan = JoinNode.create(trips(), agg(other, ["zone"], { n: ["count", null] }), "inner", ["zone"]);
    expect(optimizeWith([eliminateCommonSubplans], plan)).toBe(plan);
  });

  it("runs in the default pipeline: the reference query q4 reads its table through one Scan", () => {
    const plan = JoinNode.create(trips(), agg(trips(), ["zone"], { avg: ["mean", "fare"] }), "inner", ["zone"]);
    const out = optimize(plan) as JoinNode;
    const scans = new Set<PlanNode>();
    const visit = (n: PlanNode) => { if (n.kind === "Scan") scans.add(n); for (const k of ["input", "left", "right"] as const) if (k in n) visit((n as never)[k]); };
    visit(out);
    expect(scans.size).toBe(1);
    expect(explain(out)).toBe(lines("Join: inner on zone", "  Scan: trips", "  Aggregate: avg = mean(fare)", "    GroupBy: zone", "      Scan: trips"));
  });
});
