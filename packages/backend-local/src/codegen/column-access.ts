import type { DataType } from "@datajax/core-ir";
import { isWideType, wordsOf, type Column } from "../columns/column.js";
import { decodeStrings } from "../columns/utf8-codec.js";

/** What generated code needs to know about an input column's buffers (part of the kernel cache key). */
export interface InputLayout {
  readonly type: DataType;
  readonly dictionary: boolean;
  readonly hasNulls: boolean;
  /**
   * A join's build column read in place: the kernel's row i reads the column's row `$g`, the
   * build row its join lookup found (a local the kernel defines per row, -1 for none). "always":
   * every row the kernel reaches has one; "or-null": a row without one reads null (left joins).
   */
  readonly gathered?: "always" | "or-null";
}

export const layoutOf = (c: Column): InputLayout => ({ type: c.type, dictionary: c.dictionary !== null, hasNulls: c.nullCount > 0 });
export const layoutKey = (l: InputLayout): string => `${l.type.id}${l.dictionary ? "#" : ""}${l.hasNulls ? "?" : ""}${l.gathered ? `@${l.gathered}` : ""}`;

/** The arrays a generated kernel reads for one input column. */
export interface PreparedInput {
  readonly values: unknown;
  readonly validity: Uint8Array | null;
  readonly offsets: Int32Array | null;
  readonly strings: readonly string[] | null;
}

const decodedDictionaries = new WeakMap<Column, string[]>();

export function prepareInput(c: Column): PreparedInput {
  let strings: string[] | null = null;
  if (c.dictionary) {
    strings = decodedDictionaries.get(c.dictionary) ?? null;
    if (!strings) { strings = decodeStrings(c.dictionary); decodedDictionaries.set(c.dictionary, strings); }
  }
  return { values: isWideType(c.type) ? wordsOf(c.values) : c.values, validity: c.validity, offsets: c.offsets, strings };
}

/** Declarations, before the loop, of the arrays of input `j` (named c<j>, m<j>, o<j>, d<j>). */
export function emitInputPrologue(j: number, l: InputLayout, source = "inputs"): string {
  const lines = [`const c${j} = ${source}[${j}].values;`];
  if (l.hasNulls) lines.push(`const m${j} = ${source}[${j}].validity;`);
  if (l.type.id === "utf8" && !l.dictionary) lines.push(`const o${j} = ${source}[${j}].offsets;`);
  if (l.dictionary) lines.push(`const d${j} = ${source}[${j}].strings;`);
  return lines.join("\n");
}

/** A JS expression for the value of input `j` at kernel row `at` (a number, boolean or string). */
export function emitValueRead(j: number, l: InputLayout, at: string): string {
  const row = l.gathered ? "$g" : at;
  const t = l.type.id;
  if (l.dictionary) return `(d${j}[c${j}[${row}]] ?? "")`;
  switch (t) {
    case "null": return "0";
    case "bool": return `((c${j}[${row} >> 3] >> (${row} & 7)) & 1) === 1`;
    case "utf8": return `rt.decodeUtf8(c${j}, o${j}[${row}], o${j}[${row} + 1])`;
    case "int64": case "timestamp": return `(c${j}[2 * ${row} + 1] * 4294967296 + (c${j}[2 * ${row}] >>> 0))`;
    case "uint64": return `((c${j}[2 * ${row} + 1] >>> 0) * 4294967296 + (c${j}[2 * ${row}] >>> 0))`;
    default: return `c${j}[${row}]`;
  }
}

/** A JS boolean expression, true when input `j` is null at kernel row `at` ("false" when it has no nulls). */
export function emitNullRead(j: number, l: InputLayout, at: string): string {
  const row = l.gathered ? "$g" : at;
  if (l.type.id === "null") return "true";
  const own = l.hasNulls ? `((m${j}[${row} >> 3] >> (${row} & 7)) & 1) === 0` : "false";
  if (l.gathered !== "or-null") return own;
  return own === "false" ? "($g < 0)" : `($g < 0 || ${own})`;
}
