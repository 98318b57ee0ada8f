import { describe, expect, it } from "vitest";
import { Expr, FilterNode, ScanNode, field, printStageGraph, schema, stageGraphFromJson, stageGraphToJson, t } from "@datajax/core-ir";
import { planStages } from "../src/index.js";

const trips = schema([field("fare", t.float64), field("PULocationID", t.int32, false)]);
const scan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, trips);
const plan = FilterNode.create(scan, Expr.call("gt", [Expr.column("fare"), Expr.literal(0, t.float64)]));

describe("planStages (first cut)", () => {
  it("emits one stage whose schema is the plan's and whose hash is stable", () => {
    const g = planStages(plan);
    expect(g.stages).toHaveLength(1);
    expect(g.output).toBe("s0");
    expect(g.stages[0]!.schema).toBe(plan.schema);
    expect(planStages(plan).stages[0]!.hash).toBe(g.stages[0]!.hash);
    expect(printStageGraph(g)).toMatch(/^stage s0 \(output\) <- \[\] \{fare:float64\?, PULocationID:int32\}/);
  });

  it("round-trips through JSON unchanged", () => {
    const g = planStages(plan);
    const back = stageGraphFromJson(JSON.parse(JSON.stringify(stageGraphToJson(g))));
    expect(stageGraphToJson(back)).toEqual(stageGraphToJson(g));
    expect(printStageGraph(back)).toBe(printStageGraph(g));
  });
});
