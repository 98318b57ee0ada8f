import { readdir, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { NoInputFilesError } from "./errors/io-errors.js";

const GLOB_CHARS = /[*?[]/;

/**
 * The files a path, folder or glob names, absolute and sorted (so every process sees the same
 * order, which row-group assignment relies on). A folder is searched recursively for files ending
 * in `extension`; names starting with "." or "_" are skipped (temporary files of atomic writes,
 * `_SUCCESS` markers). Globs support `*`, `?`, `[...]` and `**` (any depth). Throws
 * NoInputFilesError when nothing matches.
 *
 * @example
 * ```ts
 * import { resolveInputFiles } from "@datajax/io-parquet";
 * const inFolder = await resolveInputFiles("data/trips", ".parquet"); // every .parquet below data/trips
 * const firstQuarter = await resolveInputFiles("data/trips-2024-0[1-3].parquet", ".parquet");
 * ```
 */
export async function resolveInputFiles(pattern: string, extension: string): Promise<string[]> {
  if (!GLOB_CHARS.test(pattern)) {
    const absolute = resolve(pattern);
    const s = await stat(absolute).catch(() => undefined);
    if (!s) throw new NoInputFilesError(pattern, "no such file or folder");
    if (s.isFile()) return [absolute];
    const files = (await walk(absolute)).filter((f) => f.endsWith(extension));
    if (files.length === 0) throw new NoInputFilesError(pattern, `the folder holds no ${extension} file`);
    return files.sort();
  }
  const absolute = resolve(pattern);
  const parts = absolute.split(sep);
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join(sep) || sep;
  const matcher = globToRegExp(parts.slice(firstGlob).join("/"));
  const files = (await walk(base).catch(() => [] as string[])).filter((f) => matcher.test(f.slice(base.length + (base.endsWith(sep) ? 0 : 1)).split(sep).join("/")));
  if (files.length === 0) throw new NoInputFilesError(pattern, "the glob matches no file");
  return files.sort();
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * A glob as an anchored RegExp over `/`-separated relative paths: `**` spans folders, `*` and `?`
 * stay within one, `[...]` is a character class (`[!...]` negates).
 *
 * @example
 * ```ts
 * import { globToRegExp } from "@datajax/io-parquet";
 * globToRegExp("zone=?/part-*.parquet").test("zone=7/part-0.parquet"); // true
 * globToRegExp("trips/**.parquet").test("trips/zone=7/day=3/part-0.parquet"); // true
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
