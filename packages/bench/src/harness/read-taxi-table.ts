import { Table } from "apache-arrow";
import { toArrowSchema } from "@datajax/core-ir";
import { readParquet } from "@datajax/io-parquet";

/**
 * The Parquet file as one in-memory Arrow table, every column; with `share`, only that share's
 * row groups (contiguous blocks, io-parquet's partition rule), as one MPI rank loads them. A share
 * with no row groups is an empty table of the file's schema.
 */
export async function readTaxiTable(path: string, share?: { readonly index: number; readonly count: number }): Promise<Table> {
  const source = await readParquet(path);
  const batches = [];
  for await (const b of source.scan({ columns: null, filter: null, ...(share ? { partition: share } : {}) })) batches.push(b);
  return batches.length > 0 ? new Table(batches) : new Table(toArrowSchema(source.schema), []);
}
