import { type RecordBatch, Table, type Schema as ArrowSchema } from "apache-arrow";
import { DataJaxError, toArrowSchema, type DataSource } from "@datajax/core-ir";
import { tableSource } from "../sources/arrow-table-source.js";
import { gatherRows, type RowRef } from "./gather-rows.js";
import { seededRandom } from "./seeded-random.js";

/**
 * How Dataset.batches cuts, shuffles, repeats and shards the rows. Invalid values throw
 * DataJaxError `DJX_DATASET_OPTIONS` when iteration starts.
 *
 * @example
 * ```ts
 * import type { BatchOptions } from "@datajax/runtime";
 *
 * // Rank 1 of 4: shuffled batches of 256 rows, three epochs, the same order on every run.
 * const options: BatchOptions = { batchSize: 256, shuffleBuffer: 10_000, seed: 7, epochs: 3, shard: { index: 1, count: 4 } };
 * ```
 */
export interface BatchOptions {
  /** Rows per batch handed out. */
  readonly batchSize: number;
  /** Drop each epoch's last, short batch. Default false. */
  readonly dropLast?: boolean;
  /** Rows held for shuffling (tf.data's buffer): 0 or absent keeps the source's order. */
  readonly shuffleBuffer?: number;
  /** Seed of the shuffle; the same seed gives the same batches. Default 0. */
  readonly seed?: number;
  /** A different order every epoch (seed + epoch). Default true. */
  readonly reshuffleEachEpoch?: boolean;
  /** Passes over the data. Default 1. */
  readonly epochs?: number;
  /** Source batches read ahead of the consumer. Default 2. */
  readonly prefetch?: number;
  /** This reader's share: units (row groups, batches) `index` of `count`, as a rank's scan gets them. */
  readonly shard?: { readonly index: number; readonly count: number };
}

function check(o: BatchOptions): void {
  const positive = (v: number | undefined, name: string, zero = false) => {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < (zero ? 0 : 1))) throw new DataJaxError("DJX_DATASET_OPTIONS", `dataset.batches: ${name} must be a ${zero ? "non-negative" : "positive"} integer, got ${v}.`);
  };
  positive(o.batchSize, "batchSize");
  if (o.batchSize === undefined) throw new DataJaxError("DJX_DATASET_OPTIONS", "dataset.batches: batchSize is required, e.g. { batchSize: 1024 }.");
  positive(o.shuffleBuffer, "shuffleBuffer", true);
  positive(o.epochs, "epochs");
  positive(o.prefetch, "prefetch", true);
  if (o.shard && (!Number.isInteger(o.shard.count) || o.shard.count < 1 || !Number.isInteger(o.shard.index) || o.shard.index < 0 || o.shard.index >= o.shard.count)) {
    throw new DataJaxError("DJX_DATASET_OPTIONS", `dataset.batches: shard must be { index, count } with 0 <= index < count, got ${JSON.stringify(o.shard)}.`);
  }
}

/** Reads `source` ahead of its consumer, at most `depth` batches (an async bounded queue). */
async function* readAhead(batches: AsyncIterable<RecordBatch>, depth: number): AsyncGenerator<RecordBatch> {
  if (depth === 0) return yield* batches;
  const it = batches[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<RecordBatch>>[] = [];
  for (let i = 0; i < depth; i++) queue.push(it.next());
  for (;;) {
    const r = await queue.shift()!;
    if (r.done) return;
    queue.push(it.next());
    yield r.value;
  }
}

/**
 * Batches of a table or source for training loops (PyTorch's DataLoader, tf.data): fixed-size record
 * batches, an optional shuffle buffer with a seed, epochs, read-ahead, and sharding by source units
 * so that N readers together see every row exactly once per epoch.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { Dataset } from "@datajax/runtime";
 *
 * const ds = new Dataset(tableFromArrays({ x: Float64Array.from({ length: 1000 }, (_, i) => i) }));
 * for await (const batch of ds.batches({ batchSize: 128, shuffleBuffer: 500, seed: 1 })) {
 *   console.log(batch.numRows); // 128, ..., 104 (the last, short batch)
 * }
 * ```
 */
export class Dataset {
  /** Where the rows come from (a table is wrapped with tableSource). */
  readonly source: DataSource;
  /** The Arrow schema of every batch handed out. */
  readonly arrowSchema: ArrowSchema;

  /** @param source - A DataSource (readParquet, tableSource, ...) or an Arrow table. */
  constructor(source: DataSource | Table) {
    this.source = source instanceof Table ? tableSource(source, "dataset") : source;
    this.arrowSchema = toArrowSchema(this.source.schema);
  }

  /**
   * Record batches of `options.batchSize` rows (the last of an epoch may be shorter unless
   * `dropLast`), epoch after epoch; throws `DJX_DATASET_OPTIONS` for invalid options.
   */
  async *batches(options: BatchOptions): AsyncGenerator<RecordBatch> {
    check(options);
    const epochs = options.epochs ?? 1;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const seed = (options.seed ?? 0) + (options.reshuffleEachEpoch === false ? 0 : epoch);
      const rows = this.source.scan({ columns: null, filter: null, ...(options.shard ? { partition: options.shard } : {}) });
      yield* this.epoch(readAhead(rows, options.prefetch ?? 2), options, seed);
    }
  }

  private async *epoch(input: AsyncIterable<RecordBatch>, o: BatchOptions, seed: number): AsyncGenerator<RecordBatch> {
    const size = o.batchSize;
    const bufferSize = o.shuffleBuffer ?? 0;
    const random = seededRandom(seed);
    // Source batches by index while some waiting row points into them (then released), and the
    // rows waiting: in the shuffle pool, or for the next batch out. Memory: the pool's rows' batches.
    const held: (RecordBatch | null)[] = [];
    const pending: number[] = [];
    let pool: RowRef[] = [];
    let out: RowRef[] = [];
    const emit = (): RecordBatch => {
      const b = gatherRows(this.arrowSchema, held, out);
      for (const r of out) if (--pending[r.batch]! === 0) held[r.batch] = null;
      out = [];
      return b;
    };
    for await (const batch of input) {
      const index = held.push(batch) - 1;
      pending.push(batch.numRows);
      if (batch.numRows === 0) held[index] = null;
      for (let row = 0; row < batch.numRows; row++) {
        const ref = { batch: index, row };
        if (bufferSize === 0) out.push(ref);
        else if (pool.length < bufferSize) pool.push(ref);
        else {
          // tf.data's shuffle: a full buffer hands out a random row and takes the new one in its place.
          const k = Math.floor(random() * pool.length);
          out.push(pool[k]!);
          pool[k] = ref;
        }
        if (out.length === size) yield emit();
      }
    }
    // Drain the buffer in random order.
    while (pool.length > 0) {
      const k = Math.floor(random() * pool.length);
      out.push(pool[k]!);
      pool[k] = pool[pool.length - 1]!;
      pool.pop();
      if (out.length === size) yield emit();
    }
    pool = [];
    if (out.length > 0 && !o.dropLast) yield emit();
  }
}

/**
 * A dataset over a table or source (the same as `new Dataset(source)`).
 *
 * @example
 * ```ts
 * import { readParquet } from "@datajax/io-parquet";
 * import { dataset } from "@datajax/runtime";
 *
 * const trips = dataset(await readParquet("data/trips.parquet"));
 * for await (const batch of trips.batches({ batchSize: 1024, shuffleBuffer: 10_000, seed: 7 })) {
 *   // train on batch
 * }
 * ```
 */
export const dataset = (source: DataSource | Table): Dataset => new Dataset(source);
