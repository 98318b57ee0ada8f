import type { Table } from "apache-arrow";

/**
 * Where results are kept between runs (snapshots), keyed by what determines them: the plan's
 * content hash, the backend and the inputs' fingerprints (paths, sizes, modification times). A
 * hook: io-parquet's DiskResultCache keeps them as Arrow IPC files with a size bound; a user may
 * plug any store with these two calls. `get` returns undefined for a miss.
 *
 * @example
 * ```ts
 * import type { Table } from "apache-arrow";
 * import type { ResultCache } from "@datajax/core-ir";
 *
 * const tables = new Map<string, Table>();
 * const memoryCache: ResultCache = {
 *   get: async (key) => tables.get(key),
 *   put: async (key, table) => { tables.set(key, table); },
 * };
 * ```
 */
export interface ResultCache {
  /** The table stored under `key`, or undefined on a miss. */
  get(key: string): Promise<Table | undefined>;
  /** Stores `table` under `key`, replacing any earlier entry. */
  put(key: string, table: Table): Promise<void>;
}
