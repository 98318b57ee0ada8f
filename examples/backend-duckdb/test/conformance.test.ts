import { expect, it } from "vitest";
import { conformanceCases, conformanceTestName, describeBackendConformance } from "@datajax/runtime/testing";
import { DuckDbBackend } from "../src/index.js";

// Every kit case at 1, 2 and 4 ranks: this backend runs a multi-rank graph in one process, so
// the exchange cases check that its stages chain correctly and return the same rows.
const summary = describeBackendConformance({ name: "duckdb", createBackend: () => new DuckDbBackend({ threads: 1 }) });

/**
 * The kit cases this backend must refuse, with what README.md ("What it reports unsupported")
 * says about them: the reason its unsupported() gives must match.
 */
const documentedUnsupported: Readonly<Record<string, RegExp>> = {
  "udf/vectorized-over-batches": /user function "scale_and_measure" is JavaScript/,
  "udf/row-mode-plain-values": /user function "classify" is JavaScript/,
  "udf/per-rank-then-shuffle-aggregate": /user function "fare_bucket" is JavaScript/,
  "cast/float-to-text": /cast\(float64 → utf8\) prints floats as JavaScript does/,
  "nulls/null-typed-column": /column "nothing" has type null/,
};

// Runs after the kit's tests (registered after them). Under `vitest -t` it checks only the cases that ran.
it("duckdb: the refused cases are exactly the documented unsupported ones, and every other case ran and passed", (context) => {
  const ran = new Set(summary.ran);
  if (ran.size === 0) context.skip("no conformance case ran (all filtered out)");
  for (const id of Object.keys(documentedUnsupported)) expect(conformanceCases.some((c) => c.id === id), `${id} is not a kit case`).toBe(true);
  const ranCases = conformanceCases.filter((c) => ran.has(conformanceTestName(c)));
  const names = (wantRefused: boolean) => ranCases.filter((c) => (c.id in documentedUnsupported) === wantRefused).map(conformanceTestName).sort();
  expect([...summary.refused].sort()).toEqual(names(true));
  expect([...summary.supported].sort()).toEqual(names(false));
  expect(summary.skipped).toEqual([]);
});

it("duckdb: each refusal gives the documented reason", () => {
  const backend = new DuckDbBackend({ threads: 1 });
  for (const [id, reason] of Object.entries(documentedUnsupported)) {
    const c = conformanceCases.find((k) => k.id === id)!;
    const reasons = c.graph.stages.flatMap((s) => backend.unsupported(s).map((f) => f.reason));
    expect(reasons.some((r) => reason.test(r)), `${id}: ${reasons.join(" | ") || "no reason reported"}`).toBe(true);
  }
});
