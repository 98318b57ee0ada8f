import type { Table } from "apache-arrow";

/**
 * Where results are kept between runs (snapshots), keyed by what determines them: the plan's
 * content hash, the backend and the inputs' fingerprints (paths, sizes, modification times). A
 * hook: io-parquet's DiskResultCache keeps them as Arrow IPC files with a size bound; a user may
 * plug any store with these two calls. `get` returns undefined for a miss.
 */
export interface ResultCache {
  get(key: string): Promise<Table | undefined>;
  put(key: string, table: Table): Promise<void>;
}
