import { describe, expect, it } from "vitest";
import * as arrow from "apache-arrow";
import { aggregates as aggregateRegistry, CustomUdfNode, walkPlan } from "@datajax/core-ir";
import { compareRows, conformanceCases, ConformanceMismatchError, tableRows, type BackendConformanceSummary } from "../src/testing/index.js";
import { conformanceSummaryProblems } from "../src/testing/conformance-summary-problems.js";

describe("conformance kit: comparing rows", () => {
  it("ignores order unless asked, treats bigint as number, floats within the tolerance, NaN as NaN", () => {
    expect(compareRows([{ a: 2n, x: 0.1 + 0.2 }, { a: 1, x: NaN }], [{ a: 1, x: NaN }, { a: 2, x: 0.3 }], { ordered: false })).toBeNull();
    expect(compareRows([{ a: 2 }, { a: 1 }], [{ a: 1 }, { a: 2 }], { ordered: true })).toMatch(/^row 0 differs: got \{a: 2\}, expected \{a: 1\}/);
    expect(compareRows([{ x: 1.001 }], [{ x: 1 }], { ordered: false })).toMatch(/expected row \{x: 1\} has no match; first unexpected row: \{x: 1.001\}/);
    expect(compareRows([{ x: null }], [{ x: 0 }], { ordered: false })).not.toBeNull();
    expect(compareRows([{ x: 1, y: 2 }], [{ x: 1 }], { ordered: false })).not.toBeNull();
  });

  it("reports a multiset that differs only in how often a row occurs", () => {
    expect(compareRows([{ a: 1 }, { a: 1 }], [{ a: 1 }], { ordered: false })).toMatch(/^unexpected row \{a: 1\} \(1 extra row\(s\)\)/);
    expect(compareRows([{ a: 1 }], [{ a: 1 }, { a: 1 }], { ordered: true })).toMatch(/^row 1 is missing/);
  });

  it("mismatch errors carry a stable code, the case id and the rows", () => {
    const e = new ConformanceMismatchError("join/inner", "row 0 differs", [{ a: 1 }], [{ a: 2 }]);
    expect(e.code).toBe("DJX_CONFORMANCE_MISMATCH");
    expect(e.message).toContain("conformance case join/inner: row 0 differs");
    expect(e.message).toContain("got 1 row(s), expected 1");
  });

  it("reads temporal columns as raw days and unit ticks, int64 as numbers, dictionaries decoded", () => {
    const ts = arrow.makeVector(arrow.makeData({ type: new arrow.TimestampMicrosecond(), length: 1, data: BigInt64Array.from([1_700_000_000_123_456n]) }));
    const day = arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: 1, data: Int32Array.from([19_723]) }));
    const table = new arrow.Table({ ts, day, n: arrow.vectorFromArray([3n], new arrow.Int64()), s: arrow.vectorFromArray(["x"], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())) });
    expect(tableRows(table)).toEqual([{ ts: 1_700_000_000_123_456, day: 19_723, n: 3, s: "x" }]);
  });
});

describe("conformance kit: the cases", () => {
  it("have unique ids and expected rows with exactly the output stage's columns", () => {
    expect(new Set(conformanceCases.map((c) => `${c.id}@${c.ranks ?? 1}`)).size).toBe(conformanceCases.length);
    for (const c of conformanceCases) {
      const output = c.graph.stages.find((s) => s.id === c.graph.output);
      expect(output, c.id).toBeDefined();
      const names = output!.schema.fields.map((f) => f.name);
      for (const row of c.expected) expect(Object.keys(row).sort(), c.id).toEqual([...names].sort());
    }
  });

  it("cover every join type, every aggregate, and multi-rank exchanges", () => {
    const joins = new Set(conformanceCases.flatMap((c) => c.graph.stages.flatMap((s) => (s.plan.kind === "Join" ? [s.plan.how] : []))));
    expect([...joins].sort()).toEqual(["anti", "full", "inner", "left", "right", "semi"]);
    const aggregates = new Set<string>();
    for (const c of conformanceCases) for (const s of c.graph.stages) if (s.plan.kind === "Aggregate") for (const a of s.plan.aggregates) aggregates.add(a.agg.fn);
    expect([...aggregates].sort()).toEqual(Object.keys(aggregateRegistry).sort());
    expect(new Set(conformanceCases.map((c) => c.ranks ?? 1))).toEqual(new Set([1, 2, 4]));
  });

  it("carry an implementation for every user function they use, in its mode, and none they do not use", () => {
    const modes = new Set<string>();
    for (const c of conformanceCases) {
      const used: CustomUdfNode[] = [];
      for (const s of c.graph.stages) walkPlan(s.plan, (n) => {
        if (CustomUdfNode.is(n)) used.push(n);
      });
      expect([...(c.udfs?.keys() ?? [])].sort(), c.id).toEqual([...new Set(used.map((n) => n.name))].sort());
      for (const n of used) {
        expect(c.udfs!.get(n.name)!.mode, `${c.id}: ${n.name}`).toBe(n.mode);
        modes.add(n.mode);
      }
    }
    expect([...modes].sort()).toEqual(["row", "vectorized"]);
  });
});

describe("conformance kit: the summary check", () => {
  const summary = (parts: Partial<BackendConformanceSummary>): BackendConformanceSummary => ({ ran: [], supported: [], refused: [], skipped: [], ...parts });

  it("accepts a run filtered down to some cases (vitest -t), even one where every case that ran was refused", () => {
    expect(conformanceSummaryProblems("duckdb", summary({ ran: ["a", "b"], supported: ["a"], refused: ["b"] }), 10)).toEqual([]);
    expect(conformanceSummaryProblems("duckdb", summary({ ran: ["udf/x"], refused: ["udf/x"] }), 10)).toEqual([]);
  });

  it("names the cases that ran and neither passed nor were refused", () => {
    expect(conformanceSummaryProblems("duckdb", summary({ ran: ["a", "b", "c"], supported: ["a"] }), 3)).toEqual([
      "2 case(s) ran but neither passed nor were refused (see their failures above): b, c",
    ]);
  });

  it("fails a full run in which the backend supports nothing", () => {
    expect(conformanceSummaryProblems("nothing", summary({ ran: ["a", "b"], refused: ["a", "b"] }), 2)).toEqual(["nothing supports none of the 2 conformance case(s) it ran"]);
  });
});
