import { t } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimizeWith, pushFilterIntoScan } from "../src/index.js";
import { col, eq, explain, filter, gt, lines, lit, scan } from "./support/build.js";

describe("push_filter_into_scan", () => {
  it("moves the predicate into the scan and removes the Filter", () => {
    const plan = filter(scan("trips", ["fare:float64", "tip:float64", "vendor:int32"], { columns: ["fare", "tip"] }), gt(col("fare"), lit(0)));
    expect(explain(optimizeWith([pushFilterIntoScan], plan))).toBe("Scan: trips columns=[fare, tip] filter=fare > 0");
  });

  it("conjoins with the scan's existing filter (existing first)", () => {
    const plan = filter(scan("trips", ["fare:float64", "vendor:int32"], { filter: eq(col("vendor"), lit(1)) }), gt(col("fare"), lit(0)));
    expect(explain(optimizeWith([pushFilterIntoScan], plan))).toBe("Scan: trips filter=(vendor == 1) and (fare > 0)");
  });

  it("keeps a null-typed predicate as a Filter (a scan filter must be a bool)", () => {
    const plan = filter(scan("t", ["a:int32"]), lit(null, t.null));
    expect(explain(optimizeWith([pushFilterIntoScan], plan))).toBe(lines("Filter: null", "  Scan: t"));
  });
});
