import type { DataSource } from "@datajax/core-ir";
import type { RankPlace } from "./rank-place.js";

const warned = new Set<string>();

/**
 * Warns once per source, on rank 0 only, when a Parquet source has fewer row groups than there
 * are ranks: row groups are the unit a block scan splits, so some ranks then read nothing. The
 * row groups are read from the source's `rowGroups` (io-parquet's ParquetSource exposes them).
 */
export function warnFewRowGroups(source: DataSource, place: RankPlace, warn: (message: string) => void = (m) => console.warn(m)): void {
  if (place.rank !== 0 || source.kind !== "parquet") return;
  const rowGroups = (source as { readonly rowGroups?: readonly unknown[] }).rowGroups;
  if (!Array.isArray(rowGroups) || rowGroups.length >= place.size || warned.has(source.uri)) return;
  warned.add(source.uri);
  warn(
    `datajax spmd-native: ${source.uri} has ${rowGroups.length} row group(s) for ${place.size} ranks, so ${place.size - rowGroups.length} rank(s) read none of it; ` +
      "write it with smaller row groups (writeParquet's rowGroupSize) or run on fewer ranks.",
  );
}
