import * as arrow from "apache-arrow";

/** What the writers accept: a whole table, or record batches produced one at a time. */
export type RecordBatchInput = arrow.Table | Iterable<arrow.RecordBatch> | AsyncIterable<arrow.RecordBatch>;

/** The batches of a RecordBatchInput, in order, without materializing an iterable input. */
export async function* recordBatchesOf(input: RecordBatchInput): AsyncGenerator<arrow.RecordBatch> {
  if (input instanceof arrow.Table) {
    yield* input.batches;
    return;
  }
  yield* input as AsyncIterable<arrow.RecordBatch>;
}
