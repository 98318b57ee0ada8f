import { Expr, sameSchema, t } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, simplifyExpressions } from "../src/index.js";
import { add, and, call, col, div, eq, explain, filter, gt, lines, lit, map, mul, not, or, scan } from "./support/build.js";

const s = () => scan("t", ["a:int32?", "b:float64", "flag:bool?", "name:utf8?", "k:int32"]);
const run = (plan: Parameters<typeof explain>[0]) => optimizeWith([simplifyExpressions], plan);

describe("simplify_expressions", () => {
  it("folds literal arithmetic and comparisons, and drops `and true`", () => {
    const plan = filter(s(), and(gt(col("a"), add(lit(1), lit(1))), eq(lit(2), lit(2))));
    expect(explain(run(plan))).toBe(lines("Filter: a > 2", "  Scan: t"));
  });

  it("gives folded literals the type resolveExpr gives the call (int32 + float64 → float64)", () => {
    const plan = map(s(), { x: add(lit(1), lit(2.5, t.float64)), y: mul(lit(3), lit(4)) });
    const out = run(plan);
    expect(explain(out)).toBe(lines("Map: x = 3.5, y = 12", "  Scan: t"));
    expect(sameSchema(out.schema, plan.schema)).toBe(true);
  });

  it("follows SQL null semantics: null propagates, false and null is false, true or null is true", () => {
    const nullInt = lit(null, t.int32);
    const nullBool = lit(null, t.bool);
    const m = map(s(), { p: add(nullInt, lit(1)), u: and(lit(true), nullBool) });
    expect(explain(run(m))).toBe(lines("Map: p = null, u = null", "  Scan: t"));
    const f = filter(s(), and(or(nullBool, lit(true)), or(and(lit(false), nullBool), col("flag"))));
    expect(explain(run(f))).toBe(lines("Filter: flag", "  Scan: t"));
  });

  it("does not fold a Map column declared nullable into a non-null literal (`false and null` is nullable)", () => {
    const plan = map(s(), { q: and(lit(false), lit(null, t.bool)) });
    expect(run(plan)).toBe(plan);
  });

  it("rewrites x and true → x, x or false → x, not not x → x, x and false → false in predicates", () => {
    const plan = filter(s(), or(and(not(not(col("flag"))), lit(true)), and(col("flag"), lit(false))));
    expect(explain(run(plan))).toBe(lines("Filter: flag", "  Scan: t"));
  });

  it("keeps a Map column's nullability: `flag and false` stays when flag is nullable, `k // 2` is not folded to a non-null literal", () => {
    const plan = map(s(), { z: and(col("flag"), lit(false)), w: call("floordiv", lit(4), lit(2)), v: or(col("flag"), lit(false)) });
    const out = run(plan);
    expect(explain(out)).toBe(lines("Map: z = flag and false, w = 4 // 2, v = flag", "  Scan: t"));
    expect(sameSchema(out.schema, plan.schema)).toBe(true);
  });

  it("uses declared non-nullability: is_null of a non-nullable column is false", () => {
    const plan = filter(s(), or(call("is_null", col("k")), gt(col("k"), lit(0))));
    expect(explain(run(plan))).toBe(lines("Filter: k > 0", "  Scan: t"));
  });

  it("leaves overflow, division by zero and NaN alone", () => {
    const plan = map(s(), {
      o: add(lit(2147483647), lit(1)),
      d: div(lit(1), lit(0)),
      m: call("mod", lit(5), lit(0)),
      n: add(lit(Number.NaN, t.float64), lit(1.0, t.float64)),
    });
    expect(explain(run(plan))).toBe(lines("Map: o = 2147483647 + 1, d = 1 / 0, m = 5 % 0, n = NaN + 1.0", "  Scan: t"));
  });

  it("folds integer floor division and modulo with Python signs in predicates", () => {
    const plan = filter(s(), and(eq(col("a"), call("floordiv", lit(-7), lit(2))), eq(col("k"), call("mod", lit(-7), lit(2)))));
    expect(explain(run(plan))).toBe(lines("Filter: (a == -4) and (k == 1)", "  Scan: t"));
  });

  it("simplifies a Scan's pushed filter, dropping it when it becomes true", () => {
    const plan = scan("t", ["a:int32?"], { filter: or(gt(col("a"), lit(0)), eq(lit(1), lit(1))) });
    expect(explain(run(plan))).toBe("Scan: t");
  });

  it("picks the branch of an if_else with a literal condition when the types agree", () => {
    const plan = map(s(), { c: call("if_else", lit(true), col("k"), lit(0)), d: call("if_else", lit(null, t.bool), col("b"), lit(1)) });
    // d's branches are float64 and int32 (→ float64): the int32 branch alone would change the type.
    expect(explain(run(plan))).toBe(lines("Map: c = k, d = if_else(null, b, 1)", "  Scan: t"));
  });

  it("returns the same plan object when nothing simplifies", () => {
    const plan = filter(s(), gt(col("a"), lit(0)));
    expect(run(plan)).toBe(plan);
    void Expr;
  });
});
