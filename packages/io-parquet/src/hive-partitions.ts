import { relative, sep } from "node:path";
import * as arrow from "apache-arrow";
import { DataJaxError } from "@datajax/core-ir";

/**
 * Hive's name for a null partition value (Spark and Polars write the same): a folder
 * `zone=__HIVE_DEFAULT_PARTITION__` holds the rows whose zone is null.
 *
 * @example
 * ```ts
 * import { HIVE_NULL, partitionValuesOf } from "@datajax/io-parquet";
 * const file = "/data/trips/zone=" + HIVE_NULL + "/part-0.parquet";
 * partitionValuesOf("/data/trips", file).get("zone"); // null
 * ```
 */
export const HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

/**
 * A file's values of the partition columns its folders name (`zone=7/day=2024-01-03/part-0.parquet`):
 * key to raw (URI-decoded) value, null for HIVE_NULL, in folder order.
 *
 * @example
 * ```ts
 * import { partitionValuesOf, type PartitionValues } from "@datajax/io-parquet";
 * const values: PartitionValues = partitionValuesOf("/data/trips", "/data/trips/zone=7/day=2024-01-03/part-0.parquet");
 * values.get("day"); // "2024-01-03"
 * ```
 */
export type PartitionValues = ReadonlyMap<string, string | null>;

/**
 * The `key=value` folders between `root` and `file`, in order (keys and values URI-decoded,
 * HIVE_NULL as null); other folders are ignored.
 *
 * @example
 * ```ts
 * import { partitionValuesOf } from "@datajax/io-parquet";
 * partitionValuesOf("/data/trips", "/data/trips/zone=7/day=2024-01-03/part-0.parquet");
 * // Map { "zone" => "7", "day" => "2024-01-03" }
 * ```
 */
export function partitionValuesOf(root: string, file: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const folders = relative(root, file).split(sep).slice(0, -1);
  for (const folder of folders) {
    const eq = folder.indexOf("=");
    if (eq <= 0) continue;
    const value = decodeURIComponent(folder.slice(eq + 1));
    out.set(decodeURIComponent(folder.slice(0, eq)), value === HIVE_NULL ? null : value);
  }
  return out;
}

/**
 * The partition columns of a set of files: the keys every file's folders name (the same keys in
 * the same order, or an error naming the file that differs), typed int32 when every value is an
 * integer in range, else utf8; nullable when a value is the Hive null. The differing-keys error
 * is a DataJaxError with code `DJX_SCHEMA_MISMATCH`.
 *
 * @example
 * ```ts
 * import { partitionFields } from "@datajax/io-parquet";
 * const fields = partitionFields([
 *   { path: "/data/trips/zone=7/part-0.parquet", partitions: new Map([["zone", "7"]]) },
 *   { path: "/data/trips/zone=12/part-0.parquet", partitions: new Map([["zone", "12"]]) },
 * ]); // [Field zone: Int32, not nullable]
 * ```
 */
export function partitionFields(files: readonly { readonly path: string; readonly partitions?: PartitionValues }[]): arrow.Field[] {
  if (files.length === 0) return [];
  const none: PartitionValues = new Map();
  const keys = [...(files[0]!.partitions ?? none).keys()];
  for (const f of files) {
    const k = [...(f.partitions ?? none).keys()];
    if (k.length !== keys.length || k.some((x, i) => x !== keys[i])) {
      throw new DataJaxError("DJX_SCHEMA_MISMATCH", `${f.path} sits in partition folders [${k.join(", ")}], but ${files[0]!.path} in [${keys.join(", ")}]; every file of a partitioned dataset needs the same key=value folders.`);
    }
  }
  return keys.map((key) => {
    const values = files.map((f) => f.partitions!.get(key)!);
    const integral = values.every((v) => v === null || (/^-?\d+$/.test(v) && Math.abs(Number(v)) < 2 ** 31));
    return new arrow.Field(key, integral ? new arrow.Int32() : new arrow.Utf8(), values.some((v) => v === null));
  });
}

/**
 * The typed value of partition column `field` for a file (a number for int32, else the string;
 * null stays null).
 *
 * @example
 * ```ts
 * import { Field, Int32 } from "apache-arrow";
 * import { partitionValue } from "@datajax/io-parquet";
 * partitionValue(new Field("zone", new Int32()), "7"); // 7
 * ```
 */
export function partitionValue(field: arrow.Field, raw: string | null): number | string | null {
  if (raw === null) return null;
  return arrow.DataType.isInt(field.type) ? Number(raw) : raw;
}

/**
 * A column of `length` copies of one partition value, typed as `field` (how scans add partition
 * columns to decoded batches).
 *
 * @example
 * ```ts
 * import { Field, Int32, makeVector } from "apache-arrow";
 * import { constantColumn } from "@datajax/io-parquet";
 * const zone = constantColumn(new Field("zone", new Int32()), "7", 3);
 * makeVector(zone).toArray(); // Int32Array [7, 7, 7]
 * ```
 */
export function constantColumn(field: arrow.Field, raw: string | null, length: number): arrow.Data {
  const v = partitionValue(field, raw);
  return arrow.vectorFromArray(Array.from({ length }, () => v), field.type).data[0]!;
}
