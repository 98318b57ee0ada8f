import * as arrow from "apache-arrow";
import type { NativeColumnBuffers, NativeColumnRequest, NativeParquetAddon } from "../native-parquet-addon.js";
import { ParquetFormatError } from "../errors/io-errors.js";
import type { NativeColumnPlan } from "./native-column-plan.js";
import type { ParquetFooter } from "./parquet-footer.js";

/** The addon's rejection: `unsupported` for input outside its scope, else corrupt data; `column` names the chunk. */
export interface NativeDecodeFailure extends Error {
  readonly unsupported?: boolean;
  readonly column?: string;
}

/**
 * Decodes one row group's planned columns with the native addon (read and decoded off the main
 * thread, in `parts` parallel tasks) into one record batch of `schema` (the plans' fields, in order). Rejects with the
 * addon's error (see NativeDecodeFailure), or ParquetFormatError when the footer places a chunk
 * outside the file.
 */
export async function decodeRowGroupNative(addon: NativeParquetAddon, path: string, fileBytes: number, footer: ParquetFooter, rowGroup: number, plans: readonly NativeColumnPlan[], schema: arrow.Schema, parts = 1): Promise<arrow.RecordBatch> {
  const rg = footer.rowGroups[rowGroup]!;
  const columns: NativeColumnRequest[] = plans.map((p) => {
    const chunk = rg.columns[p.chunkIndex]!;
    const data = chunk.dataPageOffset ?? -1;
    const dict = chunk.dictionaryPageOffset;
    // Some writers store 0 for "no dictionary page": only an offset before the data page counts.
    const offset = dict !== undefined && dict > 0 && dict < data ? dict : data;
    if (offset < 4 || offset + chunk.compressedBytes > fileBytes - footer.footerBytes) {
      throw new ParquetFormatError(path, `row group ${rowGroup}, column ${p.field.name}: the footer places its chunk at bytes ${offset}..${offset + chunk.compressedBytes}, outside the file's data (${fileBytes - footer.footerBytes} bytes)`);
    }
    return { name: p.field.name, offset, length: chunk.compressedBytes, physicalType: p.physicalType, codec: chunk.codec ?? -1, maxDefinitionLevel: p.maxDefinitionLevel, kind: p.kind, width: p.width };
  });
  // Columns split into `parts` tasks of about equal bytes, decoded in parallel (for scans of too few row groups to fill the pool).
  const groups = splitByBytes(columns, Math.max(1, Math.min(parts, columns.length)));
  const decoded = await Promise.all(groups.map((g) => addon.decodeRowGroup({ path, numRows: rg.numRows, columns: g.map((i) => columns[i]!) })));
  const buffers: NativeColumnBuffers[] = new Array(columns.length);
  groups.forEach((g, k) => g.forEach((i, j) => (buffers[i] = decoded[k]![j]!)));
  const length = rg.numRows;
  const children = plans.map((p, i) => {
    const b = buffers[i]!;
    const nullBitmap = b.validity ? new Uint8Array(b.validity) : undefined;
    const common = { type: p.field.type, length, nullCount: b.nullCount, ...(nullBitmap ? { nullBitmap } : {}) };
    if (p.kind === 2 || p.kind === 3) return arrow.makeData({ ...common, valueOffsets: new Int32Array(b.offsets!), data: new Uint8Array(b.values) } as never);
    if (p.kind === 1) return arrow.makeData({ ...common, data: new Uint8Array(b.values) } as never);
    const ArrayType = (p.field.type as arrow.DataType).ArrayType as unknown as new (buffer: ArrayBuffer) => ArrayLike<number>;
    return arrow.makeData({ ...common, data: new ArrayType(b.values) } as never);
  });
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children }));
}

/** Column indexes in `parts` groups of about equal compressed bytes (largest first, each to the lightest group). */
function splitByBytes(columns: readonly NativeColumnRequest[], parts: number): number[][] {
  const groups = Array.from({ length: parts }, () => ({ bytes: 0, members: [] as number[] }));
  const order = columns.map((_, i) => i).sort((a, b) => columns[b]!.length - columns[a]!.length);
  for (const i of order) {
    const lightest = groups.reduce((m, g) => (g.bytes < m.bytes ? g : m));
    lightest.bytes += columns[i]!.length;
    lightest.members.push(i);
  }
  return groups.filter((g) => g.members.length > 0).map((g) => g.members.sort((a, b) => a - b));
}
