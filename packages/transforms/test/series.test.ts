import { describe, expect, it } from "vitest";
import { formatExpr, isOpName, operators, t, TypeMismatchError, ColumnNotFoundError, type OpName } from "@datajax/core-ir";
import { col, count, countDistinct, first, inferLiteralType, last, lit, max, mean, min, type Series, SERIES_API, std, sum, variance, when } from "../src/index.js";
import * as transforms from "../src/index.js";
import { trips } from "./fixtures.js";

describe("lit", () => {
  it("infers int32, float64, int64, utf8, bool and null", () => {
    expect(inferLiteralType(3)).toEqual(t.int32);
    expect(inferLiteralType(2 ** 31)).toEqual(t.float64);
    expect(inferLiteralType(1.5)).toEqual(t.float64);
    expect(inferLiteralType(3n)).toEqual(t.int64);
    expect(inferLiteralType("x")).toEqual(t.utf8());
    expect(inferLiteralType(true)).toEqual(t.bool);
    expect(inferLiteralType(null)).toEqual(t.null);
    expect(inferLiteralType(new Date(0))).toEqual(t.timestamp("ms"));
  });

  it("takes an explicit type and checks the value against it", () => {
    expect(lit(1, t.float64).expr).toEqual({ kind: "literal", value: 1, type: t.float64 });
    expect(lit(new Date(Date.UTC(1970, 0, 3)), t.date32).expr).toMatchObject({ value: 2 });
    expect(() => lit("a", t.int32)).toThrow(TypeMismatchError);
    expect(() => lit(1.5, t.int64)).toThrow(/1.5 is not a valid int64 value/);
  });
});

describe("Series", () => {
  it("builds core-ir expressions with plain values as literals", () => {
    const e = col("fare_amount").gt(0).and(col("trip_distance").gt(0.5));
    expect(formatExpr(e.expr)).toBe("(fare_amount > 0) and (trip_distance > 0.5)");
    expect(formatExpr(col("a").concat("-", col("b")).expr)).toBe('concat(a, "-", b)');
    expect(formatExpr(col("x").cast(t.float32).expr)).toBe("cast[float32](x)");
    expect(formatExpr(col("x").round(2).expr)).toBe("round[2](x)");
    expect(formatExpr(col("x").fillNull(0).neg().expr)).toBe("-fill_null(x, 0)");
  });

  it("has a method for every operator in the registry (if_else through when)", () => {
    const names = Object.keys(operators) as OpName[];
    expect(Object.keys(SERIES_API).sort()).toEqual([...names].sort());
    const s = col("x") as unknown as Record<string, unknown>;
    for (const op of names) {
      if (op === "if_else") continue;
      expect(typeof s[SERIES_API[op]], `Series.${SERIES_API[op]} for ${op}`).toBe("function");
    }
    expect(names.every(isOpName)).toBe(true);
  });

  it("maps each fluent method onto its registry operator", () => {
    const x = col("x");
    const cases: [Series, string][] = [
      [x.floordiv(2), "floordiv"], [x.mod(2), "mod"], [x.neq(1), "neq"], [x.lte(1), "lte"], [x.gte(1), "gte"], [x.lt(1), "lt"], [x.eq(1), "eq"],
      [x.or(true), "or"], [x.not(), "not"], [x.isNull(), "is_null"], [x.isNotNull(), "is_not_null"], [x.coalesce(col("y"), 0), "coalesce"],
      [x.abs(), "abs"], [x.sqrt(), "sqrt"], [x.exp(), "exp"], [x.log(), "log"], [x.log10(), "log10"], [x.pow(2), "pow"], [x.floor(), "floor"], [x.ceil(), "ceil"],
      [x.lower(), "lower"], [x.upper(), "upper"], [x.trim(), "trim"], [x.length(), "length"], [x.contains("a"), "contains"], [x.startsWith("a"), "starts_with"],
      [x.endsWith("a"), "ends_with"], [x.substring(0, 2), "substring"], [x.year(), "year"], [x.month(), "month"], [x.day(), "day"], [x.weekday(), "weekday"],
      [x.dayOfYear(), "day_of_year"], [x.hour(), "hour"], [x.minute(), "minute"], [x.second(), "second"], [x.sub(1), "sub"], [x.mul(1), "mul"], [x.div(1), "div"], [x.add(1), "add"],
    ];
    for (const [s, op] of cases) expect(s.expr).toMatchObject({ kind: "call", op });
  });

  it("when/then/otherwise lowers to if_else, and chains", () => {
    const e = when(col("fare_amount").gt(100)).then("high").when(col("fare_amount").gt(10)).then("mid").otherwise("low");
    expect(formatExpr(e.expr)).toBe('if_else(fare_amount > 100, "high", if_else(fare_amount > 10, "mid", "low"))');
    expect(formatExpr(when(col("b")).then(1).otherwise().expr)).toBe("if_else(b, 1, null)");
  });

  it("a Series from frame.col checks every step as it is built", () => {
    const f = trips();
    const fare = f.col("fare_amount");
    expect(fare.dtype).toEqual(t.float64);
    expect(fare.add(1).dtype).toEqual(t.float64);
    expect(f.col("PULocationID").div(2).dtype).toEqual(t.float64);
    expect(f.col("tpep_pickup_datetime").hour().dtype).toEqual(t.int32);
    expect(() => f.col("store_and_fwd_flag").add(1)).toThrow(TypeMismatchError);
    expect(() => f.col("fare_amount").add(col("tip_amout"))).toThrow(/Did you mean "tip_amount"\?/);
    expect(() => f.col("fare_amont")).toThrow(ColumnNotFoundError);
    expect(col("unbound").dtype).toBeUndefined();
  });
});

describe("aggregate builders", () => {
  it("return AggSpecs over column names or expressions", () => {
    expect(count().expr).toEqual({ fn: "count", arg: null });
    expect(count("x").describe()).toBe("count(x)");
    expect(sum(col("a").mul(2)).describe()).toBe("sum(a * 2)");
    const specs = [mean("a"), min("a"), max("a"), variance("a"), std("a"), first("a"), last("a"), countDistinct("a")];
    expect(specs.map((s) => s.fn)).toEqual(["mean", "min", "max", "var", "std", "first", "last", "count_distinct"]);
    expect((transforms as Record<string, unknown>)["var"]).toBe(variance);
  });
});
