import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { DataJaxError } from "@datajax/core-ir";

/**
 * sha256 of bytes, lowercase hex: the address of an object in a ContentStore.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "@datajax/control-plane";
 * sha256Hex(new TextEncoder().encode("abc")); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

const HASH = /^[0-9a-f]{64}$/;

/**
 * An object whose bytes do not hash to its address (corrupt on disk, or in transfer). Code
 * `DJX_HASH_MISMATCH`; thrown by ContentStore.put (with an expected hash) and ContentStore.get.
 *
 * @example
 * ```ts
 * import { ContentStore, HashMismatchError, sha256Hex } from "@datajax/control-plane";
 * const store = new ContentStore(".cache/datajax/store");
 * const expected = sha256Hex(new TextEncoder().encode("stage v1"));
 * await store.put(new TextEncoder().encode("stage v2"), expected).catch((err: unknown) => {
 *   if (err instanceof HashMismatchError) console.error(err.expected, err.actual); // refetch the object
 *   else throw err;
 * });
 * ```
 */
export class HashMismatchError extends DataJaxError {
  constructor(
    /** The hash the object should have (its address). */
    readonly expected: string,
    /** The hash of the bytes actually seen. */
    readonly actual: string,
    where: string,
  ) {
    super("DJX_HASH_MISMATCH", `${where}: expected sha256 ${expected}, got ${actual}. The bytes are corrupt; fetch the object again from its source.`);
  }
}

/**
 * Counters of what moved through a store (bytes written by put, bytes returned by get).
 *
 * @example
 * ```ts
 * import { ContentStore, type StoreStats } from "@datajax/control-plane";
 * const stats: StoreStats = await new ContentStore(".cache/datajax/store").stats();
 * console.log(stats.objects + " objects, " + stats.bytes + " bytes");
 * ```
 */
export interface StoreStats {
  /** Objects on disk now. */
  readonly objects: number;
  /** Bytes of those objects together. */
  readonly bytes: number;
  /** Bytes this ContentStore instance wrote (new objects only). */
  readonly bytesWritten: number;
  /** Bytes this ContentStore instance returned from get. */
  readonly bytesRead: number;
}

/**
 * Content-addressed objects on disk (compiled stages, data snapshots): `objects/ab/abcdef…` named
 * by the sha256 of their bytes. put writes a temporary file, fsyncs and renames it, so an object is
 * there whole or not at all; get verifies the hash of what it read. gc removes objects that no
 * live manifest references, once they are older than a grace period (an upload in progress is
 * not yet referenced).
 *
 * @example
 * ```ts
 * import { ContentStore } from "@datajax/control-plane";
 * const store = new ContentStore(".cache/datajax/store");
 * const hash = await store.put(new TextEncoder().encode('{"stage":"s0"}'));
 * const bytes = await store.get(hash); // verified; undefined for an unknown hash
 * await store.gc(new Set([hash]), 3_600_000); // keeps `hash`, drops unreferenced objects older than an hour
 * ```
 */
export class ContentStore {
  private written = 0;
  private read = 0;
  constructor(
    /** The store's folder; objects live under `dir/objects/`. */
    readonly dir: string,
  ) {}

  private pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new DataJaxError("DJX_BAD_HASH", `"${hash}" is not a sha256 (64 lowercase hex digits).`);
    return join(this.dir, "objects", hash.slice(0, 2), hash);
  }

  /** Whether the store holds object `hash` (not verified). Throws DJX_BAD_HASH for a malformed hash. */
  async has(hash: string): Promise<boolean> {
    return (await stat(this.pathOf(hash)).catch(() => undefined))?.isFile() === true;
  }

  /** Stores `bytes`; with `expected`, refuses bytes that do not hash to it. Returns the hash. */
  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    const hash = sha256Hex(bytes);
    if (expected !== undefined && expected !== hash) throw new HashMismatchError(expected, hash, "put");
    const path = this.pathOf(hash);
    if (await this.has(hash)) return hash;
    await mkdir(join(path, ".."), { recursive: true });
    const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    const file = await open(temp, "wx");
    try {
      await file.write(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    this.written += bytes.byteLength;
    return hash;
  }

  /** The object's bytes, verified against its hash; undefined when absent. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    const bytes = await readFile(this.pathOf(hash)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return undefined;
      throw e;
    });
    if (!bytes) return undefined;
    const actual = sha256Hex(bytes);
    if (actual !== hash) throw new HashMismatchError(hash, actual, `object ${this.pathOf(hash)}`);
    this.read += bytes.byteLength;
    return bytes;
  }

  private async listObjects(): Promise<{ hash: string; path: string; bytes: number; mtimeMs: number }[]> {
    const root = join(this.dir, "objects");
    const out: { hash: string; path: string; bytes: number; mtimeMs: number }[] = [];
    for (const prefix of await readdir(root).catch(() => [] as string[])) {
      for (const name of await readdir(join(root, prefix)).catch(() => [] as string[])) {
        if (!HASH.test(name)) continue;
        const path = join(root, prefix, name);
        const s = await stat(path).catch(() => undefined);
        if (s?.isFile()) out.push({ hash: name, path, bytes: s.size, mtimeMs: s.mtimeMs });
      }
    }
    return out;
  }

  /** What is on disk now, and what this instance wrote and served. */
  async stats(): Promise<StoreStats> {
    const objects = await this.listObjects();
    return { objects: objects.length, bytes: objects.reduce((n, o) => n + o.bytes, 0), bytesWritten: this.written, bytesRead: this.read };
  }

  /** Removes objects not in `referenced` and older than `graceMs`; returns what it removed. */
  async gc(referenced: ReadonlySet<string>, graceMs: number, now = Date.now()): Promise<{
    /** Hashes of the removed objects. */
    removed: string[];
    /** Bytes freed. */
    bytes: number;
  }> {
    const removed: string[] = [];
    let bytes = 0;
    for (const o of await this.listObjects()) {
      if (referenced.has(o.hash) || now - o.mtimeMs < graceMs) continue;
      await rm(o.path, { force: true });
      removed.push(o.hash);
      bytes += o.bytes;
    }
    return { removed, bytes };
  }
}
