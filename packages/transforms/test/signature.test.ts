import { describe, expect, it } from "vitest";
import { Sharding } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";
import { parameterNames } from "../src/jit/parameter-names.js";
import { dataArgument, stableJson, staticSignature } from "../src/jit/signature.js";
import { tripsTable } from "./tables.js";

describe("parameterNames", () => {
  it("reads arrow, function and method parameters; unreadable ones are arg<i>", () => {
    expect(parameterNames((trips: unknown, zones: unknown) => [trips, zones], 2)).toEqual(["trips", "zones"]);
    expect(parameterNames(function named(a: unknown, b = 3) { return [a, b]; }, 1)).toEqual(["a", "b"]);
    expect(parameterNames(async (x: unknown) => x, 1)).toEqual(["x"]);
    expect(parameterNames(({ a }: { a: unknown }, [b]: unknown[], ...rest: unknown[]) => [a, b, rest], 2)).toEqual(["arg0", "arg1", "arg2"]);
    expect(parameterNames((t: unknown, f = (y: unknown) => y) => [t, f], 1)).toEqual(["t", "f"]);
    expect(parameterNames({ m(p: unknown, q: unknown) { return [p, q]; } }.m, 2)).toEqual(["p", "q"]);
    expect(parameterNames(() => 1, 2)).toEqual(["arg0", "arg1"]);
  });
});

describe("signatures", () => {
  it("computes a data argument's signature once per object", () => {
    const t = tripsTable();
    const a = dataArgument(t, "trips")!;
    expect(dataArgument(t, "other")).toBe(a);
    expect(a.signature.sharding).toEqual(Sharding.single);
    expect(dataArgument(tripsTable(), "trips")!.signature.key).toBe(a.signature.key);
    const src = tableSource(t, "trips");
    expect(dataArgument(src, "trips")!.source).toBe(src);
    expect(dataArgument({ not: "data" }, "x")).toBeUndefined();
    expect(dataArgument(3, "x")).toBeUndefined();
  });

  it("keys static values canonically: key order does not matter, types do", () => {
    expect(staticSignature({ a: 1, b: [2, "x"] }).key).toBe(staticSignature({ b: [2, "x"], a: 1 }).key);
    expect(staticSignature(1).key).not.toBe(staticSignature("1").key);
    expect(staticSignature(1n).key).not.toBe(staticSignature(1).key);
    expect(stableJson(undefined)).toBe("undefined");
    expect(stableJson(new Date(0))).toBe("Date(1970-01-01T00:00:00.000Z)");
    const fn = () => 1;
    expect(stableJson(fn)).toBe(stableJson(fn));
    expect(stableJson(fn)).not.toBe(stableJson(() => 1));
  });
});
