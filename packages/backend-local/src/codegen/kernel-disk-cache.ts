import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The version of the code generator: a kernel cached under another version is never used. It is
 * LocalBackend's `compilerVersion`.
 *
 * @example
 * ```ts
 * import { KERNEL_COMPILER_VERSION, LocalBackend } from "@datajax/backend-local";
 *
 * new LocalBackend().compilerVersion === KERNEL_COMPILER_VERSION; // true
 * ```
 */
export const KERNEL_COMPILER_VERSION = "backend-local/0.6.0";

/**
 * Generated kernel sources on disk, keyed by the sha256 of the kernel's key (the stage plan's
 * content hash and the input layouts), the backend and the compiler version. A file holds its
 * own key hash on its first line, so a damaged or foreign file is ignored (and rewritten).
 * Writes go through a temporary file and a rename.
 *
 * @example
 * ```ts
 * import { KernelDiskCache, useKernelDiskCache } from "@datajax/backend-local";
 *
 * const cache = new KernelDiskCache(".cache/datajax/kernels"); // creates the folder
 * useKernelDiskCache(cache);
 * // ... after some runs:
 * console.log(`${cache.hits} kernel(s) read from disk, ${cache.writes} written`);
 * ```
 */
export class KernelDiskCache {
  /** Kernels found on disk (valid files) since this object was made. */
  hits = 0;
  /** Kernels written to disk since this object was made. */
  writes = 0;
  /** @param dir - The folder of the kernel files; created (with its parents) when missing. */
  constructor(
    /** The folder of the kernel files. */
    readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  private id(key: string): string {
    return createHash("sha256").update(`local\0${KERNEL_COMPILER_VERSION}\0${key}`).digest("hex");
  }

  /** The kernel source kept under `key`, or undefined when there is none or its file is damaged or foreign. */
  get(key: string): string | undefined {
    const id = this.id(key);
    let text: string;
    try {
      text = readFileSync(join(this.dir, `${id}.js`), "utf8");
    } catch {
      return undefined;
    }
    const newline = text.indexOf("\n");
    const body = text.slice(newline + 1);
    if (text.slice(0, newline) !== `// ${id} ${createHash("sha256").update(body).digest("hex")}`) return undefined;
    this.hits++;
    return body;
  }

  /** Keeps `source` under `key` (atomically: a temporary file, then a rename). */
  put(key: string, source: string): void {
    const id = this.id(key);
    const path = join(this.dir, `${id}.js`);
    const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temp, `// ${id} ${createHash("sha256").update(source).digest("hex")}\n${source}`);
    renameSync(temp, path);
    this.writes++;
  }
}
