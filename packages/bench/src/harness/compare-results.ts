import type { ResultRows } from "../queries/reference-query.js";

/** Relative tolerance for floats when engines are compared (DESIGN.md §6). */
export const FLOAT_TOLERANCE = 1e-9;

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** The first difference between two sorted results, or undefined when they agree. */
export function firstDifference(expected: ResultRows, actual: ResultRows): string | undefined {
  if (expected.length !== actual.length) return `row count ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    for (const k of Object.keys(e)) {
      if (!(k in a)) return `row ${i}: column ${k} missing`;
      if (!close(e[k]!, a[k]!)) return `row ${i}: ${k} = ${a[k]}, expected ${e[k]} (row ${JSON.stringify(e)})`;
    }
  }
  return undefined;
}
