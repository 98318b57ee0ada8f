import { createHash } from "node:crypto";

/**
 * What identifies a file's content cheaply: its path, size and modification time.
 *
 * @example
 * ```ts
 * import { stat } from "node:fs/promises";
 * import { fileFingerprint, type FileIdentity } from "@datajax/io-parquet";
 * const s = await stat("/data/trips.csv");
 * const file: FileIdentity = { path: "/data/trips.csv", bytes: s.size, mtimeMs: s.mtimeMs };
 * const id = fileFingerprint("csv", [file]);
 * ```
 */
export interface FileIdentity {
  /** Absolute path of the file. */
  readonly path: string;
  /** Size in bytes. */
  readonly bytes: number;
  /** Last modification time, in milliseconds since the epoch (as `fs.stat` reports it). */
  readonly mtimeMs: number;
}

/**
 * A content identity from paths, sizes and modification times (cheap; no data is read):
 * `<kind>:` followed by 32 hex digits. The same files in the same order give the same identity;
 * rewriting any of them changes it. DataSources return it from `fingerprint()` for result caches.
 *
 * @example
 * ```ts
 * import { fileFingerprint } from "@datajax/io-parquet";
 * const id = fileFingerprint("parquet", [{ path: "/data/trips.parquet", bytes: 1_048_576, mtimeMs: 1_717_000_000_000 }]);
 * // "parquet:" + 32 hex digits
 * ```
 */
export function fileFingerprint(kind: string, files: readonly FileIdentity[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(`${f.path}\0${f.bytes}\0${f.mtimeMs}\n`);
  return `${kind}:${h.digest("hex").slice(0, 32)}`;
}
