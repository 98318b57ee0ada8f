import * as arrow from "apache-arrow";
import type { ParquetFooter } from "./parquet-footer.js";
import { PhysicalType } from "./parquet-footer.js";

/** How the native decoder reads one column of one file: its chunk index and the layout to produce. */
export interface NativeColumnPlan {
  /** The Arrow field the decoded data takes. */
  readonly field: arrow.Field;
  /** Index of the column's chunk within each row group. */
  readonly chunkIndex: number;
  readonly physicalType: number;
  readonly maxDefinitionLevel: number;
  /** 0 fixed-width, 1 boolean, 2 binary, 3 utf8. */
  readonly kind: 0 | 1 | 2 | 3;
  /** Bytes per value for fixed-width output. */
  readonly width: number;
}

/** Codecs the native decoder reads: UNCOMPRESSED, SNAPPY. */
const CODECS = new Set([0, 1]);
/** Encodings it reads: PLAIN, PLAIN_DICTIONARY, RLE, BIT_PACKED (levels of old writers, checked per page), RLE_DICTIONARY. */
const ENCODINGS = new Set([0, 2, 3, 4, 8]);
const UNIT: Record<number, "ms" | "us" | "ns" | undefined> = { [arrow.TimeUnit.MILLISECOND]: "ms", [arrow.TimeUnit.MICROSECOND]: "us", [arrow.TimeUnit.NANOSECOND]: "ns" };

type Layout = { physicalType: number; kind: 0 | 1 | 2 | 3; width: number; timeUnit?: "ms" | "us" | "ns" };

/** The physical type and layout an Arrow type is decoded from, or why it is out of scope. */
function layoutOf(type: arrow.DataType): Layout | string {
  if (arrow.DataType.isBool(type)) return { physicalType: PhysicalType.BOOLEAN, kind: 1, width: 0 };
  if (arrow.DataType.isInt(type)) return type.bitWidth === 64 ? { physicalType: PhysicalType.INT64, kind: 0, width: 8 } : { physicalType: PhysicalType.INT32, kind: 0, width: type.bitWidth / 8 };
  if (arrow.DataType.isFloat(type)) {
    if (type.precision === arrow.Precision.SINGLE) return { physicalType: PhysicalType.FLOAT, kind: 0, width: 4 };
    if (type.precision === arrow.Precision.DOUBLE) return { physicalType: PhysicalType.DOUBLE, kind: 0, width: 8 };
    return "half floats";
  }
  if (arrow.DataType.isUtf8(type)) return { physicalType: PhysicalType.BYTE_ARRAY, kind: 3, width: 0 };
  if (arrow.DataType.isBinary(type)) return { physicalType: PhysicalType.BYTE_ARRAY, kind: 2, width: 0 };
  if (arrow.DataType.isDate(type)) return type.unit === arrow.DateUnit.DAY ? { physicalType: PhysicalType.INT32, kind: 0, width: 4 } : "Date64 columns";
  if (arrow.DataType.isTimestamp(type) || arrow.DataType.isTime(type)) {
    const timeUnit = UNIT[type.unit];
    if (!timeUnit) return `${String(type)} columns (stored in another unit)`;
    const narrow = arrow.DataType.isTime(type) && type.unit === arrow.TimeUnit.MILLISECOND;
    return narrow ? { physicalType: PhysicalType.INT32, kind: 0, width: 4, timeUnit } : { physicalType: PhysicalType.INT64, kind: 0, width: 8, timeUnit };
  }
  return `${String(type)} columns`;
}

/**
 * Plans the native decoding of `fields` (file columns, by name) for one file, or says why the
 * native decoder cannot read them (the scan then uses parquet-wasm). Everything knowable from the
 * footer is checked here; what only pages reveal (e.g. BIT_PACKED levels) fails per row group
 * with an `unsupported` error.
 */
export function planNativeColumns(footer: ParquetFooter, fields: readonly arrow.Field[]): NativeColumnPlan[] | string {
  const plans: NativeColumnPlan[] = [];
  for (const field of fields) {
    const layout = layoutOf(field.type);
    if (typeof layout === "string") return `column ${field.name}: ${layout} are not supported`;
    const chunkIndex = footer.leaves.findIndex((l) => l.name === field.name);
    const leaf = footer.leaves[chunkIndex];
    if (!leaf) return `column ${field.name} is not a flat column of the file`;
    if (leaf.depth !== 0 || leaf.maxRepetitionLevel !== 0 || leaf.maxDefinitionLevel > 1) return `column ${field.name} is nested or repeated`;
    if (leaf.decimal) return `column ${field.name}: decimals are not supported`;
    if (leaf.physicalType !== layout.physicalType) return `column ${field.name}: ${String(field.type)} stored as physical type ${leaf.physicalType} is not supported`;
    if (layout.timeUnit && leaf.timeUnit !== layout.timeUnit) return `column ${field.name}: ${String(field.type)} stored in unit ${leaf.timeUnit ?? "none"} is not supported`;
    for (const [i, rg] of footer.rowGroups.entries()) {
      const chunk = rg.columns[chunkIndex];
      if (!chunk || chunk.name !== field.name) return `row group ${i} has no chunk for column ${field.name} at position ${chunkIndex}`;
      if (chunk.external) return `column ${field.name} has chunks in another file or encrypted`;
      if (!CODECS.has(chunk.codec ?? -1)) return `column ${field.name} is compressed with codec ${chunk.codec} (only UNCOMPRESSED and SNAPPY are supported)`;
      const other = (chunk.encodings ?? []).find((e) => !ENCODINGS.has(e));
      if (other !== undefined) return `column ${field.name} uses encoding ${other} (only PLAIN, RLE and dictionary encodings are supported)`;
    }
    plans.push({ field, chunkIndex, physicalType: leaf.physicalType, maxDefinitionLevel: leaf.maxDefinitionLevel, kind: layout.kind, width: layout.width });
  }
  return plans;
}
