import * as arrow from "apache-arrow";
import type { ColumnStatistics } from "@datajax/core-ir";
import { PhysicalType, type RawStatistics, type RowGroupInfo } from "./internal/parquet-footer.js";

/**
 * Decodes one column chunk's footer statistics into DataJAX values, reading the bytes by the
 * Parquet physical type and the column's Arrow type: int64 and timestamps as bigint (timestamps in
 * the column's unit), utf8 as string (only when exact: writers truncate long strings), NaN bounds
 * dropped. Returns undefined when nothing usable is there. `physicalType` is the Parquet
 * physical type (ColumnChunkInfo.physicalType).
 *
 * @example
 * ```ts
 * import { Int32 } from "apache-arrow";
 * import { decodeStatistics } from "@datajax/io-parquet";
 * const INT32 = 1; // the Parquet physical type, as ColumnChunkInfo.physicalType holds it
 * const raw = { min: new Uint8Array([3, 0, 0, 0]), max: new Uint8Array([90, 0, 0, 0]), nullCount: 0 };
 * decodeStatistics(raw, INT32, new Int32()); // { nullCount: 0, min: 3, max: 90 }
 * ```
 */
export function decodeStatistics(raw: RawStatistics, physicalType: number, type: arrow.DataType): ColumnStatistics | undefined {
  const out: { min?: ColumnStatistics["min"]; max?: ColumnStatistics["max"]; nullCount?: number } = {};
  if (raw.nullCount !== undefined) out.nullCount = raw.nullCount;
  const min = raw.min && raw.minExact !== false ? decodeValue(raw.min, physicalType, type) : undefined;
  const max = raw.max && raw.maxExact !== false ? decodeValue(raw.max, physicalType, type) : undefined;
  if (min !== undefined && max !== undefined) {
    out.min = min;
    out.max = max;
  }
  return out.nullCount === undefined && out.min === undefined ? undefined : out;
}

function decodeValue(bytes: Uint8Array, physicalType: number, type: arrow.DataType): number | bigint | string | boolean | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const unsigned = arrow.DataType.isInt(type) && !type.isSigned;
  switch (physicalType) {
    case PhysicalType.BOOLEAN:
      return bytes.length >= 1 ? bytes[0] !== 0 : undefined;
    case PhysicalType.INT32:
      if (bytes.length !== 4) return undefined;
      return unsigned ? view.getUint32(0, true) : view.getInt32(0, true);
    case PhysicalType.INT64:
      if (bytes.length !== 8) return undefined;
      return unsigned ? view.getBigUint64(0, true) : view.getBigInt64(0, true);
    case PhysicalType.FLOAT: {
      if (bytes.length !== 4) return undefined;
      const v = view.getFloat32(0, true);
      return Number.isNaN(v) ? undefined : v;
    }
    case PhysicalType.DOUBLE: {
      if (bytes.length !== 8) return undefined;
      const v = view.getFloat64(0, true);
      return Number.isNaN(v) ? undefined : v;
    }
    case PhysicalType.BYTE_ARRAY:
      return arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type) || arrow.DataType.isDictionary(type) ? new TextDecoder().decode(bytes) : undefined;
    default:
      return undefined;
  }
}

/**
 * Statistics of each column of `schema` in one row group (columns without usable statistics are
 * absent from the map).
 *
 * @example
 * ```ts
 * import { readParquet, rowGroupStatistics } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const stats = rowGroupStatistics(trips.files[0]!.footer.rowGroups[0]!, trips.arrowSchema);
 * console.log(stats.get("fare")); // e.g. { nullCount: 0, min: 2.5, max: 180 }
 * ```
 */
export function rowGroupStatistics(rowGroup: RowGroupInfo, schema: arrow.Schema): Map<string, ColumnStatistics> {
  const out = new Map<string, ColumnStatistics>();
  for (const chunk of rowGroup.columns) {
    const f = schema.fields.find((x) => x.name === chunk.name);
    if (!f || !chunk.statistics) continue;
    const decoded = decodeStatistics(chunk.statistics, chunk.physicalType, f.type);
    if (decoded) out.set(chunk.name, decoded);
  }
  return out;
}

/**
 * Combines per-row-group statistics of one column: min of mins, max of maxes, sum of null counts.
 * A bound (or the null count) is dropped as soon as one row group lacks it; undefined when no
 * statistic survives (or a part is undefined).
 *
 * @example
 * ```ts
 * import { mergeStatistics } from "@datajax/io-parquet";
 * mergeStatistics([{ min: 1, max: 5, nullCount: 0 }, { min: -2, max: 3, nullCount: 4 }]);
 * // { min: -2, max: 5, nullCount: 4 }
 * ```
 */
export function mergeStatistics(parts: readonly (ColumnStatistics | undefined)[]): ColumnStatistics | undefined {
  if (parts.length === 0) return undefined;
  let min: Exclude<ColumnStatistics["min"], null>;
  let max: Exclude<ColumnStatistics["max"], null>;
  let nullCount: number | undefined = 0;
  let bounded = true;
  for (const p of parts) {
    if (!p) return undefined;
    if (p.nullCount === undefined) nullCount = undefined;
    else if (nullCount !== undefined) nullCount += p.nullCount;
    if (p.min === undefined || p.min === null || p.max === undefined || p.max === null) {
      bounded = false;
      continue;
    }
    if (min === undefined || compareValues(p.min, min) < 0) min = p.min;
    if (max === undefined || compareValues(p.max, max) > 0) max = p.max;
  }
  const out: { min?: ColumnStatistics["min"]; max?: ColumnStatistics["max"]; nullCount?: number } = {};
  if (bounded && min !== undefined) {
    out.min = min;
    out.max = max;
  }
  if (nullCount !== undefined) out.nullCount = nullCount;
  return out.min === undefined && out.nullCount === undefined ? undefined : out;
}

/**
 * Orders two statistics values of one column (numbers and bigints compare exactly): negative when
 * `a` sorts first, 0 when equal, positive when `b` does.
 *
 * @example
 * ```ts
 * import { compareValues } from "@datajax/io-parquet";
 * compareValues(2n ** 60n, 3); // 1
 * compareValues("brooklyn", "queens"); // -1
 * ```
 */
export function compareValues(a: number | bigint | string | boolean, b: number | bigint | string | boolean): number {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" || typeof b === "boolean") return Number(a) - Number(b);
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  // number vs bigint (or two numbers): JS relational operators compare mixed kinds exactly.
  return a < b ? -1 : a > b ? 1 : 0;
}
