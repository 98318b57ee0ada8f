import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The version in a dependency's package.json (read from the bench package's node_modules), or "?". */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(benchRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

/** The first line of `mpirun --version` (DJX_MPIRUN, else mpirun on PATH), or "not found". */
function mpiVersion(): string {
  const probe = spawnSync(process.env["DJX_MPIRUN"] ?? "mpirun", ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? (probe.stdout.split("\n")[0] ?? "").trim() : "not found";
}

/** Versions of what the engines run on, for the report. */
export function engineVersions(): Record<string, string> {
  return {
    node: process.version,
    datajax: packageVersion("@datajax/datajax"),
    "apache-arrow": packageVersion("apache-arrow"),
    "@duckdb/node-api": packageVersion("@duckdb/node-api"),
    "nodejs-polars": packageVersion("nodejs-polars"),
    arquero: packageVersion("arquero"),
    mpi: mpiVersion(),
  };
}
