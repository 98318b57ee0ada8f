import type { Column } from "./column.js";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Decodes bytes[start, end) as UTF-8, with a fast path for short ASCII strings. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 24) {
    let ascii = true;
    for (let p = start; p < end; p++) if (bytes[p]! >= 0x80) { ascii = false; break; }
    if (ascii) {
      let s = "";
      for (let p = start; p < end; p++) s += String.fromCharCode(bytes[p]!);
      return s;
    }
  }
  return decoder.decode(bytes.subarray(start, end));
}

/** Every row of a plain or dictionary utf8 column as a JS string ("" for nulls). */
export function decodeStrings(c: Column): string[] {
  const out = new Array<string>(c.length);
  if (c.dictionary) {
    const dict = decodeStrings(c.dictionary);
    const idx = c.values as Int32Array;
    for (let i = 0; i < c.length; i++) out[i] = dict[idx[i]!] ?? "";
    return out;
  }
  const bytes = c.values as Uint8Array;
  const off = c.offsets!;
  for (let i = 0; i < c.length; i++) out[i] = decodeUtf8(bytes, off[i]!, off[i + 1]!);
  return out;
}

/** Encodes strings into utf8 bytes and offsets (entries of null rows may be anything). */
export function encodeStrings(strings: ArrayLike<string | null | undefined>, length: number): { bytes: Uint8Array; offsets: Int32Array } {
  const offsets = new Int32Array(length + 1);
  let bytes = new Uint8Array(Math.max(16, length * 8));
  let at = 0;
  for (let i = 0; i < length; i++) {
    const s = strings[i] ?? "";
    const worst = s.length * 3;
    if (at + worst > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + worst));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    let ascii = true;
    for (let j = 0; j < s.length; j++) {
      const ch = s.charCodeAt(j);
      if (ch >= 0x80) { ascii = false; break; }
      bytes[at + j] = ch;
    }
    at += ascii ? s.length : encoder.encodeInto(s, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  }
  return { bytes: bytes.subarray(0, at), offsets };
}
