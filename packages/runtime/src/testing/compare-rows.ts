import { DataJaxError } from "@datajax/core-ir";
import type { ConformanceRow } from "./conformance-case.js";
import { plainValue } from "./table-rows.js";

/**
 * How rows compare: `ordered` compares position by position, otherwise as multisets; floats are
 * equal within `relativeTolerance` of the larger magnitude (at least 1), NaN equals NaN, -0 equals 0.
 *
 * @example
 * const options: RowComparison = { ordered: true, relativeTolerance: 1e-9 };
 */
export interface RowComparison {
  readonly ordered: boolean;
  /** Default 1e-9 (the backends' agreement bound in DESIGN §6). */
  readonly relativeTolerance?: number;
}

/**
 * The rows a backend returned differ from the expected ones (code `DJX_CONFORMANCE_MISMATCH`); the
 * message shows the first difference and the rows around it.
 *
 * @example
 * throw new ConformanceMismatchError("sort/multi-key", "row 2 differs", [{ x: 1 }], [{ x: 2 }]);
 */
export class ConformanceMismatchError extends DataJaxError {
  constructor(
    readonly caseId: string,
    readonly difference: string,
    readonly actual: readonly ConformanceRow[],
    readonly expected: readonly ConformanceRow[],
  ) {
    super(
      "DJX_CONFORMANCE_MISMATCH",
      `conformance case ${caseId}: ${difference}\n  got ${actual.length} row(s), expected ${expected.length}.\n` +
        "  Fix the backend so it follows the semantics in DESIGN.md (or, if the backend cannot support this, report it through Backend.unsupported).",
    );
  }
}

/**
 * Where `actual` differs from `expected` (the first difference, with the rows shown), or null
 * when they match.
 *
 * @example
 * compareRows([{ x: 1n }], [{ x: 1 }], { ordered: false }); // null
 * compareRows([{ x: 1 }], [{ x: 2 }], { ordered: false }); // "expected row {x: 2} has no match ..."
 */
export function compareRows(actual: readonly ConformanceRow[], expected: readonly ConformanceRow[], options: RowComparison): string | null {
  const tolerance = options.relativeTolerance ?? 1e-9;
  const equal = (a: ConformanceRow, e: ConformanceRow) => sameRow(a, e, tolerance);
  if (options.ordered) {
    const n = Math.max(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      const a = actual[i];
      const e = expected[i];
      if (a === undefined) return `row ${i} is missing: expected ${formatRow(e!)}${context(actual, expected, i)}`;
      if (e === undefined) return `row ${i} is extra: got ${formatRow(a)}${context(actual, expected, i)}`;
      if (!equal(a, e)) return `row ${i} differs: got ${formatRow(a)}, expected ${formatRow(e)}${context(actual, expected, i)}`;
    }
    return null;
  }
  const unmatched = [...actual];
  for (const e of expected) {
    const at = unmatched.findIndex((a) => equal(a, e));
    if (at < 0) {
      const extra = unmatched.filter((a) => !expected.some((x) => equal(a, x)));
      return `expected row ${formatRow(e)} has no match${extra.length ? `; first unexpected row: ${formatRow(extra[0]!)}` : ""}${listing(actual, expected)}`;
    }
    unmatched.splice(at, 1);
  }
  if (unmatched.length > 0) return `unexpected row ${formatRow(unmatched[0]!)} (${unmatched.length} extra row(s))${listing(actual, expected)}`;
  return null;
}

function sameRow(a: ConformanceRow, e: ConformanceRow, tolerance: number): boolean {
  const keys = Object.keys(e);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) => k in a && sameValue(plainValue(a[k]), plainValue(e[k]), tolerance));
}

function sameValue(a: unknown, e: unknown, tolerance: number): boolean {
  if (a === null || a === undefined || e === null || e === undefined) return (a ?? null) === (e ?? null);
  if (typeof a === "number" && typeof e === "number") {
    if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
    if (a === e) return true;
    if (!Number.isFinite(a) || !Number.isFinite(e)) return false;
    return Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(a), Math.abs(e));
  }
  return a === e;
}

/**
 * A row as mismatch messages print it.
 *
 * @example
 * formatRow({ a: 1, b: "x", c: null }); // '{a: 1, b: "x", c: null}'
 */
export function formatRow(row: ConformanceRow): string {
  return `{${Object.entries(row).map(([k, v]) => `${k}: ${formatValue(v)}`).join(", ")}}`;
}

const formatValue = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : String(v));

const MAX_LISTED = 12;

function listing(actual: readonly ConformanceRow[], expected: readonly ConformanceRow[]): string {
  const show = (rows: readonly ConformanceRow[]) => rows.slice(0, MAX_LISTED).map((r) => `    ${formatRow(r)}`).join("\n") + (rows.length > MAX_LISTED ? `\n    ... ${rows.length - MAX_LISTED} more` : "");
  return `\n  got:\n${show(actual) || "    (no rows)"}\n  expected:\n${show(expected) || "    (no rows)"}`;
}

function context(actual: readonly ConformanceRow[], expected: readonly ConformanceRow[], at: number): string {
  const from = Math.max(0, at - 2);
  return listing(actual.slice(from, at + 3), expected.slice(from, at + 3)).replace(/\n  got:/, `\n  got (from row ${from}):`).replace(/\n  expected:/, `\n  expected (from row ${from}):`);
}
