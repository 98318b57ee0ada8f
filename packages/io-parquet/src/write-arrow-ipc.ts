import * as arrow from "apache-arrow";
import { writeFileAtomically } from "./atomic-write.js";
import { recordBatchesOf, type RecordBatchInput } from "./record-batch-input.js";

/**
 * Options of writeArrowIpc.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { writeArrowIpc, type WriteArrowIpcOptions } from "@datajax/io-parquet";
 * const options: WriteArrowIpcOptions = { format: "stream" };
 * await writeArrowIpc(tableFromArrays({ id: Int32Array.from([1, 2]) }), "ids.arrows", options);
 * ```
 */
export interface WriteArrowIpcOptions {
  /** "file" (random access, with footer; default) or "stream" (sequential). */
  readonly format?: "file" | "stream";
}

/**
 * The Arrow writer's byte sink, kept synchronous: the writer's own queue is drained through an
 * async iterator that only advances between event-loop turns, so it neither applies back-pressure
 * nor ends reliably inside a pipeline. Collected chunks are written to the file after each batch.
 */
class ChunkCollector extends arrow.AsyncByteQueue {
  private chunks: Uint8Array[] = [];
  override write(value: arrow.AsyncByteQueue extends { write(v: infer V): unknown } ? V : never): void {
    const bytes = value as Uint8Array;
    if (bytes.byteLength > 0) this.chunks.push(bytes);
  }
  take(): Uint8Array[] {
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}

/**
 * Writes Arrow data as an Arrow IPC file or stream, atomically (temporary file in the same
 * folder, fsync, rename). Batches are written as they come: an iterable input is never held
 * whole in memory. Throws RangeError for an unknown format, AtomicWriteError when the write
 * fails (also when an iterable input yields no batch). readArrowIpc reads either format back.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { readArrowIpc, writeArrowIpc } from "@datajax/io-parquet";
 * await writeArrowIpc(tableFromArrays({ zone: Int32Array.from([7, 12]) }), "zones.arrow");
 * const zones = await readArrowIpc("zones.arrow"); // format "file": random access per batch
 * ```
 */
export async function writeArrowIpc(input: RecordBatchInput, path: string, options: WriteArrowIpcOptions = {}): Promise<void> {
  const format = options.format ?? "file";
  if (format !== "file" && format !== "stream") throw new RangeError(`writeArrowIpc: format must be "file" or "stream", got "${String(format)}"`);
  await writeFileAtomically(path, async (file) => {
    const sink = new ChunkCollector();
    const writer = format === "file" ? new arrow.RecordBatchFileWriter() : new arrow.RecordBatchStreamWriter();
    const flush = async (): Promise<void> => {
      for (const chunk of sink.take()) await file.write(chunk);
    };
    let wrote = false;
    for await (const batch of recordBatchesOf(input)) {
      if (!wrote) writer.reset(sink, batch.schema);
      wrote = true;
      writer.write(batch);
      await flush();
    }
    if (!wrote) {
      if (!(input instanceof arrow.Table)) throw new Error("no record batches to write (an iterable input must yield at least one batch; pass an empty arrow.Table to write an empty file)");
      writer.reset(sink, input.schema);
    }
    writer.finish();
    await flush();
  });
}
