import * as arrow from "apache-arrow";

/**
 * What the writers accept: a whole table, or record batches produced one at a time (an iterable
 * or async iterable, e.g. a DataSource scan). Every batch must share one schema.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { writeParquet, type RecordBatchInput } from "@datajax/io-parquet";
 * const input: RecordBatchInput = tableFromArrays({ id: Int32Array.from([1, 2, 3]) });
 * await writeParquet(input, "ids.parquet");
 * ```
 */
export type RecordBatchInput = arrow.Table | Iterable<arrow.RecordBatch> | AsyncIterable<arrow.RecordBatch>;

/**
 * The batches of a RecordBatchInput, in order, without materializing an iterable input.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { recordBatchesOf } from "@datajax/io-parquet";
 * const table = tableFromArrays({ fare: Float64Array.from([12.5, 7.25]) });
 * for await (const batch of recordBatchesOf(table)) console.log(batch.numRows); // 2
 * ```
 */
export async function* recordBatchesOf(input: RecordBatchInput): AsyncGenerator<arrow.RecordBatch> {
  if (input instanceof arrow.Table) {
    yield* input.batches;
    return;
  }
  yield* input as AsyncIterable<arrow.RecordBatch>;
}
