import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RecordBatch } from "apache-arrow";
import { partFileName, SUCCESS_MARKER, writeFileAtomically, writeParquet, type WriteParquetOptions } from "@datajax/io-parquet";
import { allreduce, barrier } from "../comm/collectives.js";
import { abortWorldOnFailure } from "./rank-failure.js";
import { spmdWorld } from "./spmd-world.js";

/**
 * Writes this rank's rows as one Parquet file of a dataset folder, every rank at once (each
 * must call it at the same point): `part-<rank>-of-<size>.parquet`, the layout of io-parquet's
 * writeParquetDataset, so `readParquet(dir)` reads the parts back as one source. Rank 0 first
 * removes an earlier write's parts and `_SUCCESS` marker; each rank writes its part atomically
 * under a hidden pending name (readers skip `.` files), and only when every rank has written its
 * part are they renamed into place, after which rank 0 writes `_SUCCESS`. A rank that fails
 * aborts the world (see failRank): no part is renamed into place and no marker is written.
 * Resolves to this rank's part path once the marker exists. `batches` must yield at least one
 * batch (SpmdNativeBackend's execute and executeOnRank do).
 *
 * @example
 * ```ts
 * import { Executor } from "@datajax/runtime";
 * import { SpmdNativeBackend, spmdWorld, writeRankParquet } from "@datajax/backend-spmd-native";
 * import type { DataSource, StageGraph } from "@datajax/core-ir";
 *
 * declare const graph: StageGraph;
 * declare const trips: DataSource;
 * const executor = new Executor(new SpmdNativeBackend({ result: "per-rank" }));
 * const rows = executor.stream(graph, { arguments: new Map([[0, trips]]), ranks: spmdWorld().size });
 * await writeRankParquet(rows, "out/features"); // e.g. out/features/part-00001-of-00002.parquet on rank 1 of 2, then _SUCCESS
 * ```
 */
export async function writeRankParquet(batches: AsyncIterable<RecordBatch>, dir: string, options: WriteParquetOptions = {}): Promise<string> {
  const place = spmdWorld();
  const { rank, size } = place;
  const name = partFileName(rank, size);
  const path = join(dir, name);
  const pending = join(dir, `.${name}.pending`);
  if (rank === 0) {
    await abortWorldOnFailure(place, async () => {
      await mkdir(dir, { recursive: true });
      await rm(join(dir, SUCCESS_MARKER), { force: true });
      for (const file of await readdir(dir)) if (/^part-\d{5}-of-\d{5}\.parquet$/.test(file)) await rm(join(dir, file), { force: true });
    });
  }
  barrier();
  await abortWorldOnFailure(place, () => writeParquet(batches, pending, options));
  // Every rank has its part on disk (a failed rank never gets here: it aborted the world).
  const [written] = allreduce(new Float64Array([1]), "sum");
  if (written !== size) throw new Error(`writeRankParquet: ${written} of ${size} ranks wrote their part`);
  await abortWorldOnFailure(place, () => rename(pending, path));
  barrier();
  if (rank === 0) await abortWorldOnFailure(place, () => writeFileAtomically(join(dir, SUCCESS_MARKER), async (f) => void (await f.write(`${size} parts\n`))));
  barrier();
  return path;
}
