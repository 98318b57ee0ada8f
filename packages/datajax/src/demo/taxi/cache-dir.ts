import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where generated data sets live: `$DATAJAX_CACHE_DIR` when set, else `<repo>/.cache/datajax`
 * (the repo root is the nearest folder above this module holding pnpm-workspace.yaml), else
 * `.cache/datajax` under the working directory. Always an absolute path.
 *
 * @example
 * ```ts
 * import { join } from "node:path";
 * import { defaultCacheDir } from "@datajax/datajax";
 *
 * process.env.DATAJAX_CACHE_DIR = "/var/cache/datajax";
 * join(defaultCacheDir(), "taxi-1000.parquet"); // "/var/cache/datajax/taxi-1000.parquet"
 * ```
 */
export function defaultCacheDir(): string {
  const fromEnv = process.env["DATAJAX_CACHE_DIR"];
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return join(dir, ".cache", "datajax");
    const parent = dirname(dir);
    if (parent === dir) return resolve(".cache", "datajax");
    dir = parent;
  }
}
