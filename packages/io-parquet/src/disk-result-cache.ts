import { createHash } from "node:crypto";
import { mkdir, readdir, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import type { ResultCache } from "@datajax/core-ir";
import { readArrowIpc } from "./read-arrow-ipc.js";
import { writeArrowIpc } from "./write-arrow-ipc.js";

/**
 * Result snapshots on disk: one Arrow IPC file per key (named by its sha256), written atomically,
 * at most `maxBytes` in all — the least recently used go first (a hit touches its file).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { DiskResultCache } from "@datajax/io-parquet";
 * const cache = new DiskResultCache(".cache/datajax/results", 256 * 2 ** 20);
 * await cache.put("daily-fares:v1", tableFromArrays({ day: Int32Array.from([1, 2]), fare: Float64Array.from([10.5, 12]) }));
 * const hit = await cache.get("daily-fares:v1"); // the table, or undefined after eviction
 * ```
 */
export class DiskResultCache implements ResultCache {
  constructor(
    /** The folder holding the snapshots (created on the first put). */
    readonly dir: string,
    /** The most bytes the snapshots may take together (default 1 GiB). */
    readonly maxBytes = 1 << 30,
  ) {}

  private pathOf(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.arrow`);
  }

  /** The snapshot stored under `key`, or undefined when there is none. */
  async get(key: string): Promise<arrow.Table | undefined> {
    const path = this.pathOf(key);
    if (!(await stat(path).catch(() => undefined))?.isFile()) return undefined;
    const source = await readArrowIpc(path);
    const batches: arrow.RecordBatch[] = [];
    for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    return batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(source.arrowSchema);
  }

  /** Stores `table` under `key` (replacing an earlier one), then evicts down to maxBytes. */
  async put(key: string, table: arrow.Table): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeArrowIpc(table, this.pathOf(key));
    await this.evict();
  }

  /** Removes the least recently used snapshots until the rest fit in maxBytes. */
  private async evict(): Promise<void> {
    const files = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith(".arrow")) continue;
      const s = await stat(join(this.dir, name)).catch(() => undefined);
      if (s?.isFile()) files.push({ path: join(this.dir, name), bytes: s.size, used: s.mtimeMs });
    }
    let total = files.reduce((n, f) => n + f.bytes, 0);
    for (const f of files.sort((a, b) => a.used - b.used)) {
      if (total <= this.maxBytes) break;
      await rm(f.path, { force: true });
      total -= f.bytes;
    }
  }
}
