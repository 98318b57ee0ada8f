import * as arrow from "apache-arrow";

type Buffer = (ArrayBufferView & { readonly length: number }) | undefined | null;

function sharedCopy<T extends Buffer>(a: T): T {
  if (a === undefined || a === null || a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => NonNullable<T>;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  (copy as unknown as { set(x: ArrayLike<unknown>): void }).set(a as unknown as ArrayLike<unknown>);
  return copy;
}

const isShared = (a: Buffer): boolean => a === undefined || a === null || a.length === 0 || a.buffer instanceof SharedArrayBuffer;

/** Flat columns only (no struct or list children): what worker threads rebuild (see table-message). */
const flat = (d: arrow.Data): boolean => d.children.length === 0 && (d.dictionary === undefined || d.dictionary.data.every(flat));

function shareData(d: arrow.Data): arrow.Data {
  const dictionary = d.dictionary ? new arrow.Vector(d.dictionary.data.map(shareData)) : undefined;
  return arrow.makeData({
    type: d.type,
    offset: d.offset,
    length: d.length,
    nullCount: d.nullCount,
    nullBitmap: sharedCopy(d.nullBitmap),
    data: sharedCopy(d.values as Buffer) as never,
    valueOffsets: sharedCopy(d.valueOffsets as Buffer) as never,
    dictionary,
  } as never);
}

/**
 * A copy of `table` whose column buffers live in SharedArrayBuffers, so that the local backend's
 * worker threads (`new LocalBackend({ threads })`) read it without copying. Buffers already shared
 * are kept. Columns with children (structs, lists) are kept as they are; a table with such a column
 * is not shareable (isSharedTable) and runs on the calling thread.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { isSharedTable, shareTable } from "@datajax/backend-local";
 *
 * const shared = shareTable(tableFromArrays({ fare: Float64Array.from([12.5, 7]) }));
 * isSharedTable(shared); // true
 * ```
 */
export function shareTable(table: arrow.Table): arrow.Table {
  const batches = table.batches.map((b) => {
    const data = b.data.children.map((c) => (flat(c) ? shareData(c) : c));
    return new arrow.RecordBatch(table.schema, arrow.makeData({ type: new arrow.Struct(table.schema.fields), length: b.numRows, nullCount: 0, children: data }));
  });
  return new arrow.Table(table.schema, batches);
}

/**
 * True when every column buffer of `table` lives in a SharedArrayBuffer and no column has children:
 * worker threads can read it as it is.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { isSharedTable } from "@datajax/backend-local";
 *
 * isSharedTable(tableFromArrays({ fare: Float64Array.from([12.5]) })); // false: an ordinary ArrayBuffer
 * ```
 */
export function isSharedTable(table: arrow.Table): boolean {
  const ok = (d: arrow.Data): boolean =>
    flat(d) && isShared(d.values as Buffer) && isShared(d.nullBitmap) && isShared(d.valueOffsets as Buffer) && (d.dictionary === undefined || d.dictionary.data.every(ok));
  return table.batches.every((b) => b.data.children.every(ok));
}
