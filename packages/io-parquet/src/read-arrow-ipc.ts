import { open, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { basename, resolve } from "node:path";
import * as arrow from "apache-arrow";
import { ArrowIpcFormatError, NoInputFilesError } from "./errors/io-errors.js";
import { ArrowIpcSource } from "./arrow-ipc-source.js";

const FILE_MAGIC = "ARROW1";

/**
 * Opens an Arrow IPC file (`ARROW1` magic, random access) or stream as a lazy DataSource. Only
 * the schema (and, for files, the footer) is read here; defects fail with ArrowIpcFormatError
 * naming the file, a missing file with NoInputFilesError. The name defaults to the file name
 * without its `.arrow`, `.arrows`, `.ipc` or `.feather` extension.
 *
 * @example
 * ```ts
 * import { readArrowIpc } from "@datajax/io-parquet";
 * const zones = await readArrowIpc("data/zones.arrow", { name: "zones" });
 * console.log(zones.format, zones.arrowSchema.fields.map((f) => f.name));
 * ```
 */
export async function readArrowIpc(path: string, options: { readonly name?: string } = {}): Promise<ArrowIpcSource> {
  const absolute = resolve(path);
  const s = await stat(absolute).catch(() => undefined);
  if (!s?.isFile()) throw new NoInputFilesError(path, "no such file");
  const file = { path: absolute, bytes: s.size, mtimeMs: s.mtimeMs };
  const name = options.name ?? (basename(path).replace(/\.(arrow|arrows|ipc|feather)$/, "") || "arrow");
  const handle = await open(absolute, "r");
  try {
    const head = Buffer.alloc(Math.min(8, s.size));
    await handle.read(head, 0, head.length, 0);
    if (head.toString("latin1", 0, 6) === FILE_MAGIC) {
      const tail = Buffer.alloc(6);
      if (s.size < 14 || (await handle.read(tail, 0, 6, s.size - 6)).bytesRead !== 6 || tail.toString("latin1") !== FILE_MAGIC) {
        throw new ArrowIpcFormatError(absolute, `it starts like an Arrow IPC file but does not end with the magic "${FILE_MAGIC}" (truncated or not completely written)`);
      }
      try {
        const reader = await arrow.RecordBatchReader.from(handle);
        await reader.open();
        return new ArrowIpcSource({ name, file, format: "file", arrowSchema: reader.schema, numBatches: reader.numRecordBatches });
      } catch (error) {
        throw new ArrowIpcFormatError(absolute, `its footer or schema cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    // A stream begins with a message: the 0xFFFFFFFF continuation marker (or, before Arrow 0.15, a length).
    const legacyLength = head.length >= 4 ? head.readInt32LE(0) : 0;
    if (s.size < 8 || (head.readUInt32LE(0) !== 0xffffffff && (legacyLength <= 0 || legacyLength > s.size - 4))) {
      throw new ArrowIpcFormatError(absolute, `it starts with neither the file magic "${FILE_MAGIC}" nor a stream message (found 0x${head.toString("hex")})`);
    }
  } finally {
    await handle.close();
  }
  try {
    const reader = await arrow.RecordBatchReader.from(createReadStream(absolute));
    await reader.open();
    const schema = reader.schema;
    await reader.cancel();
    if (!schema) throw new Error("the stream has no schema message");
    return new ArrowIpcSource({ name, file, format: "stream", arrowSchema: schema });
  } catch (error) {
    if (error instanceof ArrowIpcFormatError) throw error;
    throw new ArrowIpcFormatError(absolute, `its schema cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
