import type { DataType } from "@datajax/core-ir";
import { bitmapBytes, isWideType, makeColumn, valueArrayConstructor, type Column, type ValueArray } from "../columns/column.js";
import { encodeStrings } from "../columns/utf8-codec.js";
import type { InputLayout } from "./column-access.js";
import type { KernelSource, Operand } from "./kernel-source.js";

/** What a generated kernel returns for one computed output column (capacity-sized buffers). */
export interface RawOutput {
  readonly values: unknown;
  readonly validity: Uint8Array | null;
  readonly nullCount: number;
}

/**
 * Declares output `q` (capacity `capacity`, a JS expression) before the loop, and returns the
 * statement that writes `operand` at row `k` and the expression that returns the raw output.
 */
export function emitOutput(q: number, operand: Operand, type: DataType, capacity: string, src: KernelSource): { write: string; result: string } {
  const o = `out${q}`;
  const nullable = operand.isNull !== "false";
  switch (type.id) {
    case "bool": src.prologue.push(`const ${o} = new Uint8Array((${capacity} + 7) >> 3);`); break;
    case "utf8": src.prologue.push(`const ${o} = new Array(${capacity});`); break;
    case "int64": case "uint64": case "timestamp": src.prologue.push(`const ${o} = new Int32Array(2 * ${capacity});`); break;
    case "null": src.prologue.push(`const ${o} = new Float64Array(${capacity});`); break;
    default: src.prologue.push(`const ${o} = new ${valueArrayConstructor(type).name}(${capacity});`);
  }
  if (nullable) src.prologue.push(`const valid${q} = new Uint8Array((${capacity} + 7) >> 3); let nulls${q} = 0;`);
  let write: string;
  const v = operand.value;
  switch (type.id) {
    case "bool": write = `if (${v}) ${o}[k >> 3] |= 1 << (k & 7);`; break;
    case "int64": case "uint64": case "timestamp":
      write = `{ const h = Math.floor(${v} / 4294967296); ${o}[2 * k] = (${v} - h * 4294967296) | 0; ${o}[2 * k + 1] = h | 0; }`;
      break;
    case "null": write = ""; break;
    default: write = `${o}[k] = ${v};`;
  }
  if (nullable) write += ` if (${operand.isNull}) nulls${q}++; else valid${q}[k >> 3] |= 1 << (k & 7);`;
  return { write, result: `{ values: ${o}, validity: ${nullable ? `valid${q}` : "null"}, nullCount: ${nullable ? `nulls${q}` : "0"} }` };
}

/**
 * Like emitOutput, for input column `j` passed through a filter: copies its buffers' entries at
 * row `i` to row `k` exactly (int64 words as they are, no float round trip). Not for utf8 or
 * dictionary columns, which are gathered after the loop instead.
 */
export function emitCopy(q: number, j: number, layout: InputLayout, capacity: string, src: KernelSource): { write: string; result: string } {
  const o = `out${q}`;
  const type = layout.type;
  let write: string;
  switch (type.id) {
    case "bool":
      src.prologue.push(`const ${o} = new Uint8Array((${capacity} + 7) >> 3);`);
      write = `if ((c${j}[i >> 3] >> (i & 7)) & 1) ${o}[k >> 3] |= 1 << (k & 7);`;
      break;
    case "int64": case "uint64": case "timestamp":
      src.prologue.push(`const ${o} = new Int32Array(2 * ${capacity});`);
      write = `${o}[2 * k] = c${j}[2 * i]; ${o}[2 * k + 1] = c${j}[2 * i + 1];`;
      break;
    default:
      src.prologue.push(`const ${o} = new ${valueArrayConstructor(type).name}(${capacity});`);
      write = `${o}[k] = c${j}[i];`;
  }
  if (layout.hasNulls) {
    src.prologue.push(`const valid${q} = new Uint8Array((${capacity} + 7) >> 3); let nulls${q} = 0;`);
    write += ` if (((m${j}[i >> 3] >> (i & 7)) & 1) === 0) nulls${q}++; else valid${q}[k >> 3] |= 1 << (k & 7);`;
  }
  return { write, result: `{ values: ${o}, validity: ${layout.hasNulls ? `valid${q}` : "null"}, nullCount: ${layout.hasNulls ? `nulls${q}` : "0"} }` };
}

/** Whether emitCopy can pass input `layout` through a filter inside the loop. */
export const copiesInLoop = (layout: InputLayout): boolean => !layout.dictionary && layout.type.id !== "utf8" && layout.type.id !== "null";

/** Turns a raw output of `count` rows into a column of `type` (trims buffers, encodes strings). */
export function finishOutput(raw: RawOutput, type: DataType, count: number): Column {
  const validity = raw.validity ? raw.validity.subarray(0, bitmapBytes(count)) : null;
  if (type.id === "null") return makeColumn({ type, length: count, values: new Float64Array(count), validity: new Uint8Array(bitmapBytes(count)), nullCount: count });
  if (type.id === "utf8") {
    const { bytes, offsets } = encodeStrings(raw.values as string[], count);
    return makeColumn({ type: { id: "utf8", dictionary: false }, length: count, values: bytes, offsets, validity, nullCount: raw.nullCount });
  }
  if (type.id === "bool") return makeColumn({ type, length: count, values: (raw.values as Uint8Array).subarray(0, bitmapBytes(count)), validity, nullCount: raw.nullCount });
  if (isWideType(type)) {
    const words = (raw.values as Int32Array).subarray(0, 2 * count);
    const Ctor = valueArrayConstructor(type) as unknown as new (b: ArrayBufferLike, o: number, l: number) => ValueArray;
    return makeColumn({ type, length: count, values: new Ctor(words.buffer, words.byteOffset, count), validity, nullCount: raw.nullCount });
  }
  return makeColumn({ type, length: count, values: (raw.values as ValueArray).subarray(0, count), validity, nullCount: raw.nullCount });
}

