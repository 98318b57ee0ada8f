import * as arrow from "apache-arrow";
import { toArrowSchema, type Schema } from "@datajax/core-ir";
import { copyBits } from "../../comm/copy-bits.js";
import { arrowDataOf, nativeColumnFromArrow, type NativeColumn } from "../../kernels/native-column.js";
import { allocateValues, PhysType, physTypeOf, type NumericValues } from "../../kernels/physical-type.js";

/** Rows flowing between native operators: one kernel column per field of the operator's schema, in order. */
export interface NativeBatch {
  readonly length: number;
  readonly columns: readonly NativeColumn[];
}

/** Whether every field of `schema` has a kernel layout (numeric, bool, date32, timestamp). */
export function hasNativeLayout(schema: Schema): boolean {
  return schema.fields.every((f) => physTypeOf(f.type) !== undefined);
}

/** The kernels' view of `batch`'s columns named by `schema` (read by name, no copy). */
export function nativeBatchOf(batch: arrow.RecordBatch, schema: Schema): NativeBatch {
  const names = batch.schema.fields.map((f) => f.name);
  const columns = schema.fields.map((f) => {
    const at = names.indexOf(f.name);
    if (at < 0) throw new Error(`backend-spmd-native: a batch lacks column "${f.name}" (it has ${names.join(", ")}).`);
    return nativeColumnFromArrow(batch.data.children[at]!, f.type, f.name);
  });
  return { length: batch.numRows, columns };
}

/** An Arrow record batch of exactly `schema` (types, nullability, order) over `batch`'s columns (no copy). */
export function recordBatchOf(batch: NativeBatch, schema: Schema, arrowSchema: arrow.Schema = toArrowSchema(schema)): arrow.RecordBatch {
  const children = batch.columns.map((c, k) => arrowDataOf({ ...c, type: schema.fields[k]!.type }));
  return new arrow.RecordBatch(arrowSchema, arrow.makeData({ type: new arrow.Struct(arrowSchema.fields), length: batch.length, nullCount: 0, children }));
}

/** One batch holding every row of `batches` in order (the single batch itself when there is one). */
export function concatBatches(batches: readonly NativeBatch[], schema: Schema): NativeBatch {
  if (batches.length === 1) return batches[0]!;
  const length = batches.reduce((n, b) => n + b.length, 0);
  const columns = schema.fields.map((f, k) => {
    const phys = physTypeOf(f.type)!;
    const values = allocateValues(phys, length);
    const anyNulls = batches.some((b) => b.columns[k]!.validity !== null);
    const validity = anyNulls ? new Uint8Array((length + 7) >> 3) : null;
    let at = 0;
    for (const b of batches) {
      const c = b.columns[k]!;
      if (phys === PhysType.Bool) orBits(c.values as Uint8Array, b.length, values as Uint8Array, at);
      else (values as Exclude<NumericValues, BigInt64Array | BigUint64Array> & { set(a: ArrayLike<number>, o: number): void }).set(viewOf(c.values, values, b.length) as never, at);
      if (validity) {
        if (c.validity) orBits(c.validity, b.length, validity, at);
        else orBits(null, b.length, validity, at);
      }
      at += b.length;
    }
    return { type: f.type, length, values, validity };
  });
  return { length, columns };
}

/** The first `rows` values of `src`, as the element type of `like` (timestamps may arrive as int32 pairs). */
function viewOf(src: NumericValues, like: NumericValues, rows: number): NumericValues {
  const Ctor = like.constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => NumericValues;
  return new Ctor(src.buffer, src.byteOffset, rows);
}

/** Sets bits [at, at + n) of `dst` from bits [0, n) of `src` (all ones when src is null). */
function orBits(src: Uint8Array | null, n: number, dst: Uint8Array, at: number): void {
  if (n === 0) return;
  if (src === null) {
    for (let i = 0; i < n; i++) dst[(at + i) >> 3]! |= 1 << ((at + i) & 7);
    return;
  }
  if ((at & 7) === 0) {
    const tmp = new Uint8Array((n + 7) >> 3);
    copyBits(src, 0, n, tmp);
    if (n & 7) tmp[tmp.length - 1]! &= (1 << (n & 7)) - 1;
    dst.set(tmp, at >> 3);
    return;
  }
  for (let i = 0; i < n; i++) if ((src[i >> 3]! >> (i & 7)) & 1) dst[(at + i) >> 3]! |= 1 << ((at + i) & 7);
}
