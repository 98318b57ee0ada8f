import { describe, expect, it } from "vitest";
import {
  ColumnNotFoundError,
  Expr,
  FilterNode,
  JoinNode,
  LimitNode,
  MapNode,
  PlanSerializationError,
  ScanNode,
  UnionNode,
  exprKey,
  planFromJson,
  planHash,
  planToJson,
  printPlan,
  printStageGraph,
  sameExpr,
  stageGraphFromJson,
  stageGraphToJson,
  t,
  walkPlan,
  type MapNode as MapNodeT,
  type PlanNode,
  type StageGraph,
} from "../src/index.js";
import { argScan, call, col, EVERY_EXPR, everyKindPlan, lit } from "./fixtures.js";

function kinds(p: PlanNode): string[] {
  const out: string[] = [];
  walkPlan(p, (n) => out.push(n.kind));
  return out;
}

function findMap(p: PlanNode): MapNodeT {
  let m: MapNodeT | undefined;
  walkPlan(p, (n) => {
    if (MapNode.is(n)) m = n;
  });
  return m!;
}

function serializationError(json: unknown): PlanSerializationError {
  try {
    planFromJson(json);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanSerializationError);
    expect((e as PlanSerializationError).code).toBe("DJX_BAD_PLAN_JSON");
    return e as PlanSerializationError;
  }
  throw new Error("planFromJson accepted malformed JSON");
}

describe("plan JSON round trip", () => {
  const plan = everyKindPlan();

  it("the fixture really has every node kind", () => {
    expect(new Set(kinds(plan)).size).toBe(12);
  });

  it("rebuilds an equal plan: same printed text, same JSON, same node structure", () => {
    const json = planToJson(plan);
    expect(json.format).toBe("datajax-plan");
    expect(json.version).toBe(1);
    const back = planFromJson(json);
    expect(printPlan(back)).toBe(printPlan(plan));
    expect(planToJson(back)).toEqual(json);
    expect(back).toEqual(plan);
  });

  it("survives JSON.stringify → JSON.parse (bigint and non-finite literals included)", () => {
    const text = JSON.stringify(planToJson(plan));
    const back = planFromJson(JSON.parse(text));
    expect(printPlan(back)).toBe(printPlan(plan));
    expect(JSON.stringify(planToJson(back))).toBe(text);
  });

  it("keeps every literal value and type exactly", () => {
    const back = planFromJson(JSON.parse(JSON.stringify(planToJson(plan))));
    const before = findMap(plan).assignments;
    const after = findMap(back).assignments;
    expect(after.map((a) => a.name)).toEqual(EVERY_EXPR.map((a) => a.name));
    after.forEach((a, i) => {
      const b = before[i]!;
      expect(sameExpr(a.expr, b.expr), a.name).toBe(true);
      if (a.expr.kind === "literal" && b.expr.kind === "literal") {
        expect(Object.is(a.expr.value, b.expr.value), `${a.name}: ${String(a.expr.value)} vs ${String(b.expr.value)}`).toBe(true);
        expect(typeof a.expr.value).toBe(typeof b.expr.value);
        expect(a.expr.type).toEqual(b.expr.type);
      }
    });
    const big = after.find((a) => a.name === "e_big")!.expr;
    expect(big.kind === "literal" && big.value).toBe(9007199254740993n);
    const cast = after.find((a) => a.name === "e_cast_ts")!.expr;
    expect(cast.kind === "call" && cast.options?.to).toEqual(t.timestamp("ms", "Europe/Paris"));
    const round = after.find((a) => a.name === "e_round")!.expr;
    expect(round.kind === "call" && round.options).toEqual({ decimals: 2 });
  });

  it("a NaN or infinite literal does not turn into null", () => {
    const p = MapNode.create(argScan(), [{ name: "x", expr: call("fill_null", [col("fare_amount"), lit(Number.POSITIVE_INFINITY, t.float64)]) }]);
    const back = planFromJson(JSON.parse(JSON.stringify(planToJson(p))));
    expect(printPlan(back)).toContain("fill_null(fare_amount, Infinity)");
    expect(back.schema.fields.at(-1)!.nullable).toBe(false);
  });

  it("a shared subplan stays shared: one JSON node, one object after the round trip", () => {
    const json = planToJson(plan);
    expect(json.nodes.filter((n) => n.kind === "Repartition")).toHaveLength(1);
    expect(json.nodes.filter((n) => n.kind === "Project")).toHaveLength(1);
    const back = planFromJson(json);
    let union: PlanNode | undefined;
    let join: PlanNode | undefined;
    walkPlan(back, (n) => {
      if (UnionNode.is(n)) union = n;
      if (JoinNode.is(n)) join = n;
    });
    expect(UnionNode.is(union!) && union.inputs[0] === union.inputs[1]).toBe(true);
    // the join's left input is the same object the aggregate reads through its GroupBy
    expect(JoinNode.is(join!) && join.right.kind === "Aggregate" && join.right.input.kind === "GroupBy" && join.right.input.input === join.left).toBe(true);
  });

  it("the result is frozen like a factory-built plan", () => {
    walkPlan(planFromJson(planToJson(plan)), (n) => expect(Object.isFrozen(n), n.kind).toBe(true));
  });

  it("stores children before parents and the root last", () => {
    const json = planToJson(plan);
    expect(json.root).toBe(json.nodes.length - 1);
    json.nodes.forEach((n, i) => {
      const refs = "inputs" in n ? n.inputs : "left" in n ? [n.left, n.right] : "input" in n ? [n.input] : [];
      for (const r of refs) expect(r).toBeLessThan(i);
    });
  });
});

describe("malformed plan JSON", () => {
  const small = MapNode.create(FilterNode.create(argScan(), call("gt", [col("fare_amount"), lit(0, t.float64)])), [
    { name: "x", expr: call("cast", [col("fare_amount")], { to: t.int64 }) },
  ]);
  // any: the tests break the JSON on purpose
  const good = (): any => structuredClone(planToJson(small));

  it("is accepted when nothing is wrong", () => {
    expect(printPlan(planFromJson(good()))).toBe(printPlan(small));
  });

  it("rejects an unknown node kind, listing the known ones", () => {
    const j = good();
    j.nodes[1].kind = "Explode";
    const e = serializationError(j);
    expect(e.message).toMatch(/^not a valid DataJAX plan: nodes\.1\.kind: /);
    expect(e.message).toContain("Filter");
  });

  it("rejects a forward or self reference", () => {
    const j = good();
    j.nodes[1].input = 2;
    expect(serializationError(j).message).toBe("plan node 1 refers to node 2, which is not defined before it.");
    const k = good();
    k.nodes[2].input = 2;
    expect(serializationError(k).message).toMatch(/plan node 2 refers to node 2/);
    const m = good();
    m.nodes[1].input = -1;
    expect(serializationError(m).message).toMatch(/plan node 1 refers to node -1/);
  });

  it("rejects an unknown operator, naming where it is", () => {
    const j = good();
    j.nodes[2].assignments[0].expr.op = "frobnicate";
    const e = serializationError(j);
    expect(e.message).toMatch(/nodes\.2\.assignments\.0\.expr\.op: /);
    expect(e.message).toContain('"add"');
  });

  it("rejects a bad type id in a schema or a literal or a cast", () => {
    const j = good();
    j.nodes[0].sourceSchema.fields[0].type.id = "int128";
    expect(serializationError(j).message).toMatch(/nodes\.0\.sourceSchema\.fields\.0\.type\.id: /);
    const k = good();
    k.nodes[1].predicate.args[1].type = { id: "float128" };
    expect(serializationError(k).message).toMatch(/nodes\.1\.predicate\.args\.1\.type\.id: /);
    const m = good();
    m.nodes[2].assignments[0].expr.options.to = { id: "timestamp", unit: "fortnight", tz: null };
    expect(serializationError(m).message).toMatch(/nodes\.2\.assignments\.0\.expr\.options\.to\.unit: /);
  });

  it("rejects a malformed bigint literal", () => {
    const j = good();
    j.nodes[1].predicate.args[1].value = { $bigint: "1.5" };
    expect(serializationError(j).message).toMatch(/\$bigint/);
  });

  it("rejects a root that is not a node, wrong format/version, and non-objects", () => {
    const j = good();
    j.root = 7;
    expect(serializationError(j).message).toBe("root 7 is not a node index.");
    const k = good();
    k.format = "something-else";
    expect(serializationError(k).message).toMatch(/format: /);
    const v = good();
    v.version = 2;
    expect(serializationError(v).message).toMatch(/version: /);
    expect(serializationError(null).message).toMatch(/^not a valid DataJAX plan: \(root\): /);
    expect(serializationError("{}").message).toMatch(/expected object/);
    expect(serializationError({ format: "datajax-plan", version: 1, nodes: [], root: 0 }).message).toBe("root 0 is not a node index.");
  });

  it("wraps a plan that parses but does not type-check, naming the node and keeping the cause", () => {
    const j = good();
    j.nodes[1].predicate = { kind: "column", name: "fare_amount" };
    const e = serializationError(j);
    expect(e.message).toMatch(/^plan node 1 \(Filter\) is invalid: filter: the predicate is float64, not bool/);
    const k = good();
    k.nodes[2].assignments[0].expr.args[0].name = "fare_amout";
    const m = serializationError(k);
    expect(m.message).toMatch(/^plan node 2 \(Map\) is invalid: with_columns x: no column named "fare_amout"\. Did you mean "fare_amount"\?/);
    expect(m.cause).toBeInstanceOf(ColumnNotFoundError);
  });
});

describe("stage graph JSON", () => {
  function graph(): StageGraph {
    const s0 = everyKindPlan();
    const read = ScanNode.create({ kind: "stage", name: "s0", uri: "stage:s0" }, s0.schema, { sharding: s0.sharding });
    const s1 = LimitNode.create(read, 10);
    return {
      stages: [
        { id: "s0", plan: s0, inputs: [], schema: s0.schema, sharding: s0.sharding, hash: planHash(s0) },
        { id: "s1", plan: s1, inputs: ["s0"], schema: s1.schema, sharding: s1.sharding, hash: planHash(s1) },
      ],
      output: "s1",
    };
  }

  it("round-trips through JSON text", () => {
    const g = graph();
    const text = JSON.stringify(stageGraphToJson(g));
    const back = stageGraphFromJson(JSON.parse(text));
    expect(printStageGraph(back)).toBe(printStageGraph(g));
    expect(JSON.stringify(stageGraphToJson(back))).toBe(text);
    expect(back.output).toBe("s1");
    expect(back.stages.map((s) => s.id)).toEqual(["s0", "s1"]);
    expect(back.stages[0]!.hash).toBe(planHash(back.stages[0]!.plan));
    expect(back.stages[1]!.inputs).toEqual(["s0"]);
    expect(back.stages[1]!.sharding).toEqual(g.stages[1]!.sharding);
    expect(Object.isFrozen(back) && Object.isFrozen(back.stages) && Object.isFrozen(back.stages[0])).toBe(true);
  });

  it("rejects an output that is not a stage, and a bad stage plan", () => {
    const j = stageGraphToJson(graph());
    expect(() => stageGraphFromJson({ ...j, output: "s9" })).toThrowError(PlanSerializationError);
    expect(() => stageGraphFromJson({ ...j, output: "s9" })).toThrowError(/output stage "s9" is not in the graph/);
    const bad = structuredClone(j) as any;
    bad.stages[1].plan.nodes[0].kind = "Nope";
    expect(() => stageGraphFromJson(bad)).toThrowError(PlanSerializationError);
    expect(() => stageGraphFromJson({ format: "datajax-plan" })).toThrowError(/not a valid DataJAX stage graph/);
  });
});

describe("planHash", () => {
  it("is a sha256 hex digest, equal for equal plans built separately and after a round trip", () => {
    const h = planHash(everyKindPlan());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash(everyKindPlan())).toBe(h);
    expect(planHash(planFromJson(JSON.parse(JSON.stringify(planToJson(everyKindPlan())))))).toBe(h);
  });

  it("does not depend on the key order of the objects a plan was built from", () => {
    const a = ScanNode.create({ kind: "parquet", name: "taxi", uri: "data/taxi.parquet", slot: 1 }, argScan().schema);
    const b = ScanNode.create({ slot: 1, uri: "data/taxi.parquet", name: "taxi", kind: "parquet" }, argScan().schema);
    expect(planHash(b)).toBe(planHash(a));
    const round = (options: object) => MapNode.create(argScan(), [{ name: "r", expr: call("round", [col("fare_amount")], options as never) }]);
    expect(planHash(round({ to: t.float64, decimals: 2 }))).toBe(planHash(round({ decimals: 2, to: t.float64 })));
  });

  it("differs when anything in the plan differs", () => {
    const base = argScan();
    const hashes = [
      planHash(base),
      planHash(LimitNode.create(base, 10)),
      planHash(LimitNode.create(base, 11)),
      planHash(LimitNode.create(base, 10, 1)),
      planHash(FilterNode.create(base, call("gt", [col("fare_amount"), lit(0, t.float64)]))),
      planHash(FilterNode.create(base, call("gte", [col("fare_amount"), lit(0, t.float64)]))),
      planHash(MapNode.create(base, [{ name: "x", expr: lit(null, t.float64) }])),
      planHash(MapNode.create(base, [{ name: "x", expr: lit(Number.NaN, t.float64) }])),
      planHash(MapNode.create(base, [{ name: "x", expr: lit(0, t.float64) }])),
      planHash(MapNode.create(base, [{ name: "x", expr: lit(-0, t.float64) }])),
      planHash(MapNode.create(base, [{ name: "y", expr: lit(0, t.float64) }])),
      planHash(argScan(base.schema, base.sharding, "trips", 1)),
      planHash(UnionNode.create([base, base])),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe("exprKey", () => {
  it("keeps special floats apart from null and zero", () => {
    const keys = [lit(null, t.float64), lit(Number.NaN, t.float64), lit(Infinity, t.float64), lit(-Infinity, t.float64), lit(0, t.float64), lit(-0, t.float64)].map(exprKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(sameExpr(lit(Number.NaN, t.float64), lit(Number.NaN, t.float64))).toBe(true);
    expect(exprKey(Expr.column("a"))).toBe(exprKey(Expr.column("a")));
  });
});

describe("per-group limits", () => {
  it("print their keys and round-trip through JSON; an unknown key fails when built", async () => {
    const { LimitNode, planToJson: toJson, planFromJson: fromJson, printPlan: print } = await import("../src/index.js");
    const limited = LimitNode.create(argScan(), 2, 1, ["PULocationID"]);
    expect(print(limited)).toMatch(/limit\[2 offset 1 by PULocationID\]/);
    expect(print(fromJson(JSON.parse(JSON.stringify(toJson(limited)))))).toBe(print(limited));
    expect(() => LimitNode.create(argScan(), 2, 0, ["nope"])).toThrow(/limit by: no column named "nope"/);
  });
});
