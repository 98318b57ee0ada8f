import { describe, expect, it } from "vitest";
import { formatSchema, printPlan, sameSchema } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";
import { ArgumentTypeError, col, count, djit, type Frame, mean, TraceOutputError } from "../src/index.js";
import { tripsTable } from "./tables.js";

const featurizeFn = (trips: Frame) =>
  trips
    .filter(col("fare_amount").gt(0).and(col("trip_distance").gt(0)))
    .withColumns({ hour: col("tpep_pickup_datetime").hour(), tip_ratio: col("tip_amount").div(col("total_amount")) })
    .groupBy("PULocationID", "hour")
    .agg({ trips: count(), mean_fare: mean("fare_amount"), mean_tip_ratio: mean("tip_ratio") });

const TRIPS = "{PULocationID:int32?, tpep_pickup_datetime:timestamp[ms]?, fare_amount:float64?, tip_amount:float64?, total_amount:float64?, trip_distance:float64?, store_and_fwd_flag:utf8?}";

describe("lower", () => {
  it("returns the traced IR as a jaxpr-like listing with typed binders", () => {
    const featurize = djit(featurizeFn, { optimize: false });
    const lowered = featurize.lower(tripsTable());
    const lines = lowered.text.ir.split("\n");
    expect(lines[0]).toBe(`t0: ${TRIPS} = scan[trips]`);
    expect(lines[1]).toBe(`t1: ${TRIPS} = filter[(fare_amount > 0) and (trip_distance > 0)] t0`);
    expect(lines[2]).toMatch(/^t2: \{.*, hour:int32\?, tip_ratio:float64\?\} = map\[hour = hour\(tpep_pickup_datetime\), tip_ratio = tip_amount \/ total_amount\] t1$/);
    expect(lines[3]).toMatch(/^t3: \{.*\} = group_by\[PULocationID, hour\] t2$/);
    expect(lines[4]).toBe("t4: {PULocationID:int32?, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?} = aggregate[trips = count(), mean_fare = mean(fare_amount), mean_tip_ratio = mean(tip_ratio)] t3");
    expect(lines[5]).toBe("return t4");
    expect(lowered.text.ir).toBe(printPlan(lowered.ir));
  });

  it("carries the optimized plan and the stage graph, each printable", () => {
    const featurize = djit(featurizeFn);
    const lowered = featurize.lower(tripsTable());
    expect(sameSchema(lowered.optimized.schema, lowered.ir.schema)).toBe(true);
    expect(lowered.stages.stages.length).toBeGreaterThan(0);
    expect(lowered.text.stages).toMatch(/^stage s0/);
    expect(lowered.text.stages).toContain("(output)");
    expect(lowered.text.optimized.split("\n").at(-1)).toMatch(/^return t\d+$/);
    const text = lowered.toString();
    expect(text.indexOf("# ir")).toBe(0);
    expect(text).toContain(`# optimized`);
    expect(text).toContain(`# stages\n${lowered.text.stages}`);
    expect(text).toContain(lowered.text.ir);
    expect(text).toContain(lowered.text.optimized);
    if (lowered.rules.length > 0) expect(lowered.text.rules!.split("\n")).toHaveLength(lowered.rules.length);
    else expect(lowered.text.rules).toBeUndefined();
  });

  it("names argument scans after the parameters, with uri arg:i and slot i", () => {
    const f = djit((trips: Frame, zones: Frame) => trips.join(zones.rename({ PULocationID: "loc" }).select("loc"), { leftOn: "PULocationID", rightOn: "loc", how: "semi" }), { optimize: false });
    const lowered = f.lower(tripsTable(), tableSource(tripsTable(), "z"));
    const scans = lowered.text.ir.split("\n").filter((l) => l.includes("= scan["));
    expect(scans.map((l) => l.replace(/^.*= /, ""))).toEqual(["scan[trips]", "scan[zones]"]);
    const zonesScan = (lowered.ir as { right: { input: { input: { source: unknown } } } }).right.input.input.source;
    expect(zonesScan).toEqual({ kind: "argument", name: "zones", uri: "arg:1", slot: 1 });
  });

  it("reuses the trace for the same signature and retraces for another", () => {
    let traces = 0;
    const f = djit((t: Frame) => {
      traces++;
      return t.select("fare_amount");
    });
    const a = f.lower(tripsTable());
    const b = f.lower(tripsTable());
    expect(b).toBe(a);
    expect(traces).toBe(1);
    f.lower(tripsTable().select(["fare_amount"]));
    expect(traces).toBe(2);
  });

  it("passes static arguments as they are and keys the trace on them", () => {
    const f = djit((t: Frame, minFare: number, opts: { label: string }) => t.filter(col("fare_amount").gt(minFare)).withColumns({ label: opts.label }), { staticArgnums: [1, 2] });
    const a = f.lower(tripsTable(), 5, { label: "x" });
    expect(a.text.ir).toContain("filter[fare_amount > 5]");
    expect(a.text.ir).toContain('map[label = "x"]');
    expect(f.lower(tripsTable(), 5, { label: "x" })).toBe(a);
    expect(f.lower(tripsTable(), 7, { label: "x" }).text.ir).toContain("filter[fare_amount > 7]");
  });

  it("fails at trace time with the factory's error", () => {
    const f = djit((t: Frame) => t.filter(col("fare_amout").gt(0)));
    expect(() => f.lower(tripsTable())).toThrow(/^filter: no column named "fare_amout"\. Did you mean "fare_amount"\?/);
  });

  it("the traced function must return a Frame", () => {
    const f = djit((t: Frame) => t.col("fare_amount") as unknown as Frame, { name: "oops" });
    expect(() => f.lower(tripsTable())).toThrow(TraceOutputError);
    expect(() => f.lower(tripsTable())).toThrow(/^djit\(oops\): the traced function must return a Frame, got an object of type Series/);
    const g = djit((() => undefined) as unknown as (t: Frame) => Frame);
    expect(() => g.lower(tripsTable())).toThrow(/did you forget `return`\?/);
  });

  it("rejects non-data values at data positions and says how to make them static", () => {
    const f = djit((t: Frame, n: number) => t.limit(n), { name: "top" });
    expect(() => f.lower(tripsTable(), 3)).toThrow(ArgumentTypeError);
    expect(() => f.lower(tripsTable(), 3)).toThrow(/^top: argument 1 \(n\) is a number \(3\)\..*staticArgnums: \[1\]/);
    expect(() => (f.lower as (...a: unknown[]) => unknown)(tripsTable())).toThrow(/expects 2 argument\(s\) \(t, n\), got 1/);
  });

  it("reports the optimizer's rules and passes options through to it", () => {
    const lowered = djit(featurizeFn).lower(tripsTable());
    const names = lowered.rules.map((r) => r.rule);
    expect(names.length).toBeGreaterThan(0);
    expect(lowered.text.rules).toBe(names.join("\n"));
    expect(lowered.toString()).toContain(`# optimized (rules: ${names.join(", ")})`);
    const without = djit(featurizeFn, { optimize: { disabledRules: [names[0]!] } }).lower(tripsTable());
    expect(without.rules.map((r) => r.rule)).not.toContain(names[0]);
    const off = djit(featurizeFn, { optimize: false }).lower(tripsTable());
    expect(off.optimized).toBe(off.ir);
    expect(off.toString()).toContain("# optimized (optimizer off)");
  });

  it("describes the output schema of the featurize example", () => {
    const lowered = djit(featurizeFn).lower(tripsTable());
    expect(formatSchema(lowered.optimized.schema)).toBe("{PULocationID:int32?, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?}");
  });
});
