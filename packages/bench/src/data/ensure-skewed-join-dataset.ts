import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeParquet } from "@datajax/io-parquet";
import { type RecordBatch, tableFromArrays } from "apache-arrow";
import { ZipfKeySampler } from "./zipf-key-sampler.js";

/** Distinct keys of the skewed join dataset, and the Zipf exponent of the fact rows' keys. */
export const SKEWED_JOIN_KEYS = 100_000;
export const SKEWED_JOIN_EXPONENT = 1.1;

/** The two Parquet files of the skewed-key join dataset. */
export interface SkewedJoinDataset {
  /** `rows` facts: `key` (int32, Zipf-skewed over 1..SKEWED_JOIN_KEYS), `amount` (float64, to the cent). */
  readonly factsPath: string;
  /** One row per key not divisible by 10 (so an inner join drops some facts): `key`, `weight` (float64). */
  readonly dimPath: string;
}

/**
 * The skewed-key join dataset for (rows, seed) in `dir`, generated (streamed in batches of
 * `rowGroupRows`, one row group each) when missing. Deterministic by seed: the fact keys come
 * from ZipfKeySampler, the amounts from the same stream.
 */
export async function ensureSkewedJoinDataset(options: { readonly rows: number; readonly dir: string; readonly seed?: number; readonly rowGroupRows?: number }): Promise<SkewedJoinDataset> {
  const seed = options.seed ?? 42;
  const batchRows = options.rowGroupRows ?? 122_880;
  const base = join(options.dir, `skewed-join-${options.rows}-seed${seed}`);
  const factsPath = `${base}-facts.parquet`;
  const dimPath = `${base}-dim.parquet`;
  const exists = async (p: string) => (await stat(p).catch(() => undefined))?.isFile() === true;
  await mkdir(options.dir, { recursive: true });
  if (!(await exists(dimPath))) {
    const keys = [];
    for (let k = 1; k <= SKEWED_JOIN_KEYS; k++) if (k % 10 !== 0) keys.push(k);
    const key = Int32Array.from(keys);
    const weight = Float64Array.from(keys, (k) => 1 + (k % 7) / 4);
    await writeParquet(tableFromArrays({ key, weight }), dimPath, { rowGroupSize: batchRows });
  }
  if (!(await exists(factsPath))) await writeParquet(factBatches(options.rows, seed, batchRows), factsPath, { rowGroupSize: batchRows });
  return { factsPath, dimPath };
}

function* factBatches(rows: number, seed: number, batchRows: number): Generator<RecordBatch> {
  const sampler = new ZipfKeySampler(SKEWED_JOIN_KEYS, SKEWED_JOIN_EXPONENT, seed);
  for (let start = 0; start < rows; start += batchRows) {
    const n = Math.min(batchRows, rows - start);
    const key = new Int32Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      key[i] = sampler.next();
      amount[i] = Math.round(sampler.uniform() * 10_000) / 100;
    }
    yield* tableFromArrays({ key, amount }).batches;
  }
}
