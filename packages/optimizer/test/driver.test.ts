import { DataJaxError, FilterNode, MapNode, ProjectNode, UnionNode, type PlanNode } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import {
  defaultRuleBatches,
  fuseFilters,
  optimize,
  optimizeWith,
  optimizeWithTrace,
  OptimizerInvariantError,
  pushFilterIntoScan,
  pushFilterThroughMap,
  simplifyExpressions,
  UnknownRuleError,
  walkRule,
  type Rule,
  type RuleBatch,
} from "../src/index.js";
import { add, and, col, explain, filter, gt, lines, lit, lt, map, scan, select } from "./support/build.js";

const s = () => scan("t", ["a:int32", "b:int32", "c:float64"]);

/** A rule that drops the last column of every Project: changes the schema. */
const dropLastColumn: Rule = {
  name: "drop_last_column",
  apply: (n: PlanNode) => (n.kind === "Project" && n.columns.length > 1 ? ProjectNode.create(n.input, n.columns.slice(0, -1)) : n),
};

describe("driver", () => {
  it("every default rule has a unique snake_case name", () => {
    const names = defaultRuleBatches.flatMap((b) => b.rules.map((r) => r.name));
    for (const n of names) expect(n).toMatch(/^[a-z]+(_[a-z]+)*$/);
    const distinct = new Map(defaultRuleBatches.flatMap((b) => b.rules.map((r) => [r.name, r] as const)));
    expect(new Set(distinct.values()).size).toBe(distinct.size);
  });

  it("runs a fixed-point batch until nothing changes: a filter sinks through three Maps and into the scan", () => {
    const plan = filter(map(map(map(s(), { x: lit(1) }), { y: lit(2) }), { z: lit(3) }), gt(col("a"), lit(0)));
    const rules = [pushFilterThroughMap, pushFilterIntoScan];
    expect(explain(optimizeWith(rules, plan))).toBe(
      lines("Map: z = 3", "  Map: y = 2", "    Map: x = 1", "      Scan: t filter=a > 0"),
    );
    const { batches } = optimizeWithTrace(plan, { batches: [{ name: "sink", strategy: { fixedPoint: 10 }, rules }] });
    // Pass 1 moves it all the way (top-down walk), pass 2 sees no change.
    expect(batches).toEqual([{ batch: "sink", iterations: 2, converged: true }]);
  });

  it("stops at the bound and reports it did not converge", () => {
    // Bottom-up, one walk moves the filter one Map down only (it is not revisited below).
    const oneStep: Rule = { ...pushFilterThroughMap, name: "one_step", order: "bottom_up" };
    const plan = filter(map(map(map(s(), { x: lit(1) }), { y: lit(2) }), { z: lit(3) }), gt(col("a"), lit(0)));
    const { plan: out, batches } = optimizeWithTrace(plan, { batches: [{ name: "b", strategy: { fixedPoint: 2 }, rules: [oneStep] }] });
    expect(batches).toEqual([{ batch: "b", iterations: 2, converged: false }]);
    expect(explain(out)).toBe(lines("Map: z = 3", "  Map: y = 2", "    Filter: a > 0", "      Map: x = 1", "        Scan: t"));
  });

  it("a once batch walks each rule one time", () => {
    const oneStep: Rule = { ...pushFilterThroughMap, name: "one_step", order: "bottom_up" };
    const plan = filter(map(map(s(), { x: lit(1) }), { y: lit(2) }), gt(col("a"), lit(0)));
    const { plan: out, batches } = optimizeWithTrace(plan, { batches: [{ name: "b", strategy: "once", rules: [oneStep] }] });
    expect(batches).toEqual([{ batch: "b", iterations: 1, converged: true }]);
    expect(explain(out)).toBe(lines("Map: y = 2", "  Filter: a > 0", "    Map: x = 1", "      Scan: t"));
  });

  it("returns the very same plan object when no rule applies", () => {
    const plan = map(s(), { d: add(col("a"), col("b")) });
    expect(optimize(plan)).toBe(plan);
  });

  it("disables rules by name and rejects unknown names with a suggestion", () => {
    const plan = filter(s(), gt(col("a"), lit(0)));
    expect(optimize(plan, { disabledRules: ["push_filter_into_scan"] })).toBe(plan);
    expect(explain(optimize(plan))).toBe("Scan: t filter=a > 0");
    const err = (() => {
      try {
        optimize(plan, { disabledRules: ["push_filter_into_scna"] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownRuleError);
    expect((err as DataJaxError).code).toBe("DJX_UNKNOWN_RULE");
    expect((err as Error).message).toContain('Did you mean "push_filter_into_scan"?');
  });

  it("traces each rule that changed the plan, with the whole plan before and after", () => {
    const plan = filter(filter(map(s(), { d: lit(1) }), gt(col("a"), lit(0))), and(lt(col("b"), lit(5)), lit(true)));
    const seen: string[] = [];
    const { plan: out, applied } = optimizeWithTrace(plan, { onRuleApplied: (rule) => seen.push(rule.name) });
    expect(applied.map((a) => a.rule)).toEqual(["simplify_expressions", "fuse_filters", "push_filter_through_map", "push_filter_into_scan"]);
    expect(seen).toEqual(applied.map((a) => a.rule));
    expect(applied[0]).toMatchObject({
      batch: "simplify",
      iteration: 1,
      before: lines("Filter: (b < 5) and true", "  Filter: a > 0", "    Map: d = 1", "      Scan: t"),
      after: lines("Filter: b < 5", "  Filter: a > 0", "    Map: d = 1", "      Scan: t"),
    });
    expect(applied.at(-1)!.after).toBe(explain(out));
    expect(explain(out)).toBe(lines("Map: d = 1", "  Scan: t filter=(a > 0) and (b < 5)"));
  });

  it("throws OptimizerInvariantError naming a rule that changes the schema, with both schemas", () => {
    const plan = select(s(), "a", "b");
    const batches: RuleBatch[] = [{ name: "broken", strategy: "once", rules: [simplifyExpressions, dropLastColumn] }];
    const err = (() => {
      try {
        optimize(plan, { batches });
      } catch (e) {
        return e;
      }
    })() as OptimizerInvariantError;
    expect(err).toBeInstanceOf(OptimizerInvariantError);
    expect(err).toBeInstanceOf(DataJaxError);
    expect(err.code).toBe("DJX_OPTIMIZER_BUG");
    expect(err.rule).toBe("drop_last_column");
    expect(err.message).toContain('optimizer rule "drop_last_column" changed the output schema');
    expect(err.message).toContain("schema before: {a:int32, b:int32}");
    expect(err.message).toContain("schema after:  {a:int32}");
    expect(err.message).toContain('disabledRules: ["drop_last_column"]');
    // ...and disabling it is the documented way around it.
    expect(optimize(plan, { batches, disabledRules: ["drop_last_column"] })).toBe(plan);
  });

  it("catches a schema change deep in the plan, not only at the root", () => {
    // The outer Project reads only `a`, so the root schema would survive; the rewrite is still a bug.
    const plan = select(select(s(), "a", "b"), "a");
    expect(() => optimizeWith([dropLastColumn], plan)).toThrow(OptimizerInvariantError);
  });

  it("checks the root schema even when a rule rebuilds the root itself", () => {
    const widen: Rule = {
      name: "widen_root",
      apply: (n) => (n.kind === "Filter" ? MapNode.create(n, [{ name: "extra", expr: lit(1) }]) : n),
    };
    expect(() => optimizeWith([widen], filter(s(), gt(col("a"), lit(0))))).toThrow(/widen_root/);
  });

  it("wraps a rule that throws into OptimizerInvariantError naming it", () => {
    const throwing: Rule = { name: "throws", apply: (n) => (n.kind === "Filter" ? FilterNode.create(n.input, col("nope")) : n) };
    expect(() => optimizeWith([throwing], filter(s(), gt(col("a"), lit(0))))).toThrow(/optimizer rule "throws" threw while rewriting a valid plan: filter: no column named "nope"/);
  });

  it("walks top-down or bottom-up as the rule asks, and rewrites a shared subplan once", () => {
    const shared = filter(filter(s(), gt(col("a"), lit(0))), gt(col("b"), lit(0)));
    const seen: string[] = [];
    const spy = (order: "top_down" | "bottom_up"): Rule => ({ name: "spy", order, apply: (n) => { seen.push(n.kind); return n; } });
    walkRule(spy("top_down"), shared);
    expect(seen).toEqual(["Filter", "Filter", "Scan"]);
    seen.length = 0;
    walkRule(spy("bottom_up"), shared);
    expect(seen).toEqual(["Scan", "Filter", "Filter"]);
    // A subplan used twice is offered to the rule once and stays shared.
    const twice = UnionNode.create([shared, shared]);
    seen.length = 0;
    walkRule(spy("bottom_up"), twice);
    expect(seen).toEqual(["Scan", "Filter", "Filter", "Union"]);
    const out = walkRule(fuseFilters, twice) as UnionNode;
    expect(explain(out.inputs[0]!)).toBe(lines("Filter: (a > 0) and (b > 0)", "  Scan: t"));
    expect(out.inputs[0]).toBe(out.inputs[1]);
  });

  it("detects rules that undo each other instead of running them to the bound", () => {
    // Each rewrites the other's output back: every pass ends on an equal (but new) plan.
    const flip = (from: number, to: number, name: string): Rule => ({
      name,
      apply: (n) => (n.kind === "Filter" && n.predicate.kind === "call" && (n.predicate.args[1] as { value?: unknown }).value === from ? filter(n.input, gt(col("a"), lit(to))) : n),
    });
    const up = flip(1, 2, "add_x");
    const down = flip(2, 1, "drop_x");
    const plan = filter(s(), gt(col("a"), lit(1)));
    let error: unknown;
    try {
      optimizeWith([up, down], plan, { maxIterations: 50 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptimizerInvariantError);
    expect((error as Error).message).toMatch(/add_x \+ drop_x[\s\S]*cycle in batch "optimize_with": pass 2 ended on the plan pass 1 ended on/);
  });
});

