import type { AggregateName, JoinHow } from "@datajax/core-ir";
import type { ConformanceRow } from "../conformance-case.js";

// Plain-JS reference implementations the cases compute their expected rows with (independent of
// every backend): SQL aggregates that skip nulls, grouping with null as its own key, nested-loop joins.

type Row = Record<string, unknown>;

const present = (values: readonly unknown[]) => values.filter((v) => v !== null && v !== undefined);
const numbers = (values: readonly unknown[]) => present(values).map((v) => Number(v));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function sampleVariance(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = sum(xs) / xs.length;
  return sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1);
}

const lessThan = (a: unknown, b: unknown) => (a as number | string) < (b as number | string);

/** The value of aggregate `fn` over one column's values in input order (nulls skipped, as SQL does). */
export function referenceAggregate(fn: AggregateName, values: readonly unknown[]): unknown {
  const xs = present(values);
  switch (fn) {
    case "count":
      return xs.length;
    case "sum":
      return xs.length === 0 ? null : sum(numbers(values));
    case "mean":
      return xs.length === 0 ? null : sum(numbers(values)) / xs.length;
    case "min":
      return xs.length === 0 ? null : xs.reduce((a, b) => (lessThan(b, a) ? b : a));
    case "max":
      return xs.length === 0 ? null : xs.reduce((a, b) => (lessThan(a, b) ? b : a));
    case "var":
      return sampleVariance(numbers(values));
    case "std": {
      const v = sampleVariance(numbers(values));
      return v === null ? null : Math.sqrt(v);
    }
    case "first":
      return xs.length === 0 ? null : xs[0];
    case "last":
      return xs.length === 0 ? null : xs[xs.length - 1];
    case "count_distinct":
      return new Set(xs).size;
  }
}

/** One aggregate over rows: `fn(column)`, or count() (rows) when `column` is null. */
export interface ReferenceAggregate {
  readonly name: string;
  readonly fn: AggregateName;
  readonly column: string | null;
}

function aggregateRow(rows: readonly Row[], aggregates: readonly ReferenceAggregate[], into: Row): Row {
  for (const a of aggregates) into[a.name] = a.column === null ? rows.length : referenceAggregate(a.fn, rows.map((r) => r[a.column!] ?? null));
  return into;
}

/** A global aggregate: one row. */
export function referenceGlobalAggregate(rows: readonly Row[], aggregates: readonly ReferenceAggregate[]): ConformanceRow[] {
  return [aggregateRow(rows, aggregates, {})];
}

/** One row per distinct key tuple (null is a key like any other), keys first. */
export function referenceGroupBy(rows: readonly Row[], keys: readonly string[], aggregates: readonly ReferenceAggregate[]): ConformanceRow[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = JSON.stringify(keys.map((key) => r[key] ?? null));
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].map((g) => {
    const out: Row = {};
    for (const key of keys) out[key] = g[0]![key] ?? null;
    return aggregateRow(g, aggregates, out);
  });
}

/**
 * An equi-join as JoinNode defines it: null keys never match; left columns (keys coalesced from
 * the right for unmatched right rows), then the right's non-key columns (`suffix` on a clash);
 * semi/anti return left rows only.
 */
export function referenceJoin(
  left: readonly Row[],
  right: readonly Row[],
  join: { how: JoinHow; leftOn: readonly string[]; rightOn: readonly string[]; leftColumns: readonly string[]; rightColumns: readonly string[]; suffix?: string },
): ConformanceRow[] {
  const suffix = join.suffix ?? "_right";
  const rightOut = join.rightColumns.filter((c) => !join.rightOn.includes(c)).map((c) => ({ from: c, name: join.leftColumns.includes(c) ? c + suffix : c }));
  const keyEqual = (a: unknown, b: unknown) => a !== null && a !== undefined && b !== null && b !== undefined && (typeof a === "string" ? a === b : Number(a) === Number(b));
  const matches = (l: Row, r: Row) => join.leftOn.every((k, i) => keyEqual(l[k], r[join.rightOn[i]!]));
  const combine = (l: Row | null, r: Row | null): Row => {
    const out: Row = {};
    for (const c of join.leftColumns) {
      const k = join.leftOn.indexOf(c);
      out[c] = l ? l[c] ?? null : k >= 0 && r ? r[join.rightOn[k]!] ?? null : null;
    }
    for (const c of rightOut) out[c.name] = r ? r[c.from] ?? null : null;
    return out;
  };
  const out: Row[] = [];
  const rightMatched = new Set<Row>();
  for (const l of left) {
    const found = right.filter((r) => matches(l, r));
    found.forEach((r) => rightMatched.add(r));
    if (join.how === "semi") {
      if (found.length > 0) out.push({ ...l });
    } else if (join.how === "anti") {
      if (found.length === 0) out.push({ ...l });
    } else if (join.how !== "right") {
      for (const r of found) out.push(combine(l, r));
      if (found.length === 0 && (join.how === "left" || join.how === "full")) out.push(combine(l, null));
    } else {
      for (const r of found) out.push(combine(l, r));
    }
  }
  if (join.how === "right" || join.how === "full") for (const r of right) if (!rightMatched.has(r)) out.push(combine(null, r));
  return out;
}

/** Rows of column arrays: `{ a: [1, 2], b: ["x", "y"] }` → `[{a: 1, b: "x"}, {a: 2, b: "y"}]`. */
export function rowsOfColumns(columns: Readonly<Record<string, readonly unknown[]>>): Row[] {
  const names = Object.keys(columns);
  const n = names.length === 0 ? 0 : columns[names[0]!]!.length;
  return Array.from({ length: n }, (_x, i) => Object.fromEntries(names.map((c) => [c, columns[c]![i] ?? null])));
}
