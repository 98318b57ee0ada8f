import { randomBytes } from "node:crypto";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { AtomicWriteError } from "./errors/io-errors.js";

/**
 * Writes a file so that readers see either the old file or the complete new one: `write` fills a
 * temporary file in the target's folder (same file system, so the rename is atomic), which is
 * fsynced, closed and renamed over the target; the folder is then fsynced so the rename survives
 * a crash. On any failure the temporary file is removed and the target is left untouched; the
 * error is an AtomicWriteError whose `cause` is the original failure. The folder must exist.
 *
 * @example
 * ```ts
 * import { writeFileAtomically } from "@datajax/io-parquet";
 * await writeFileAtomically("out/summary.json", async (file) => {
 *   await file.write(JSON.stringify({ rows: 42 }));
 * });
 * ```
 */
export async function writeFileAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const target = resolve(path);
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let file: FileHandle | undefined;
  try {
    file = await open(temp, "wx");
    await write(file);
    await file.sync();
    await file.close();
    file = undefined;
    await rename(temp, target);
  } catch (cause) {
    await file?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw new AtomicWriteError(target, { cause });
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  // Not every platform can open a folder for fsync (Windows cannot); the rename is done either way.
  const handle = await open(folder, "r").catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
