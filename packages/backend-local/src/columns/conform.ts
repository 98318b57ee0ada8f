import type { DataType } from "@datajax/core-ir";
import { bitmapBytes, isWideType, makeColumn, storageFor, wordsOf, type Column } from "./column.js";
import { numbersOf } from "./number-access.js";
import { takeRows } from "./take.js";
import { decodeStrings } from "./utf8-codec.js";
import { writeWide } from "./wide-int.js";

/**
 * Re-encodes `c` in the physical layout of `type` when they differ: dictionary ↔ plain utf8,
 * one numeric width to another (int32 data for an int64 field, a promoted union or join key).
 */
export function conformColumn(c: Column, type: DataType): Column {
  if (c.type.id === type.id) {
    if (type.id !== "utf8") return c.type === type || type.id !== "timestamp" ? c : { ...c, type };
    const wantDict = type.dictionary;
    if (wantDict === (c.dictionary !== null)) return c;
    return wantDict ? dictionaryEncode(c) : dictionaryDecode(c);
  }
  if (type.id === "utf8") return conformColumn(dictionaryDecode(c), type);
  if (c.type.id === "null") {
    const { values, offsets } = storageFor(type, c.length);
    return makeColumn({ type, length: c.length, values, offsets, validity: new Uint8Array(bitmapBytes(c.length)), nullCount: c.length });
  }
  const from = numbersOf(c);
  const { values } = storageFor(type, c.length);
  if (type.id === "bool") {
    const bits = values as Uint8Array;
    for (let i = 0; i < c.length; i++) if (from[i] !== 0) bits[i >> 3]! |= 1 << (i & 7);
  } else if (isWideType(type)) {
    const w = wordsOf(values);
    for (let i = 0; i < c.length; i++) writeWide(w, i, Math.trunc(from[i]!));
  } else {
    const out = values as Float64Array;
    for (let i = 0; i < c.length; i++) out[i] = from[i]!;
  }
  return makeColumn({ type, length: c.length, values, validity: c.validity, nullCount: c.nullCount });
}

function dictionaryDecode(c: Column): Column {
  if (!c.dictionary) return c;
  const idx = c.values as Int32Array;
  let indices = idx;
  if (c.validity) {
    indices = new Int32Array(c.length);
    for (let i = 0; i < c.length; i++) indices[i] = ((c.validity[i >> 3]! >> (i & 7)) & 1) ? idx[i]! : -1;
  }
  return takeRows(c.dictionary, indices, c.length);
}

function dictionaryEncode(c: Column): Column {
  const strings = decodeStrings(c);
  const codes = new Map<string, number>();
  const indices = new Int32Array(c.length);
  const entries: string[] = [];
  for (let i = 0; i < c.length; i++) {
    if (c.validity && ((c.validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const s = strings[i]!;
    let code = codes.get(s);
    if (code === undefined) { code = entries.length; codes.set(s, code); entries.push(s); }
    indices[i] = code;
  }
  const dictionary = stringColumn(entries);
  return makeColumn({ type: { id: "utf8", dictionary: true }, length: c.length, values: indices, validity: c.validity, nullCount: c.nullCount, dictionary });
}

import { encodeStrings } from "./utf8-codec.js";

/** A plain utf8 column of non-null strings. */
export function stringColumn(strings: readonly string[]): Column {
  const { bytes, offsets } = encodeStrings(strings, strings.length);
  return makeColumn({ type: { id: "utf8", dictionary: false }, length: strings.length, values: bytes, offsets });
}
