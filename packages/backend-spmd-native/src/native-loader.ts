import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataJaxError } from "@datajax/core-ir";

/**
 * The compiled addon could not be found or loaded (code `DJX_NATIVE_ADDON_MISSING`); the message
 * lists every path tried and how to build the addon, and `cause` holds the last load error.
 *
 * @example
 * ```ts
 * import { loadNativeAddon, NativeAddonNotFoundError } from "@datajax/backend-spmd-native";
 *
 * try {
 *   loadNativeAddon();
 * } catch (err) {
 *   if (err instanceof NativeAddonNotFoundError) console.error(err.code, err.tried); // DJX_NATIVE_ADDON_MISSING [...paths]
 * }
 * ```
 */
export class NativeAddonNotFoundError extends DataJaxError {
  /** The paths tried, in order. */
  readonly tried: readonly string[];
  /**
   * @param tried - The paths tried, in order.
   * @param lastError - The error of the last candidate that existed but failed to load, if any.
   */
  constructor(tried: readonly string[], lastError?: unknown) {
    super(
      "DJX_NATIVE_ADDON_MISSING",
      "the DataJAX native SPMD addon is not built or cannot load here. Tried:\n" +
        tried.map((p) => `  - ${p}`).join("\n") +
        "\nBuild it with `pnpm --filter @datajax/backend-spmd-native build:native` (needs OpenMPI: " +
        "`apt-get install -y libopenmpi-dev openmpi-bin`), or set DATAJAX_NATIVE_ADDON to the path of datajax_spmd.node. " +
        "Use the local backend (registerLocalBackend) where no native build is available." +
        (lastError instanceof Error ? `\nThe last candidate that exists failed to load: ${lastError.message}` : ""),
      lastError ? { cause: lastError } : undefined,
    );
    this.tried = tried;
  }
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Where the addon may live, in the order they are tried (like sharp's loader): `$DATAJAX_NATIVE_ADDON`
 * when set, then the package's `native/build/Release` and `native/build/Debug` builds.
 *
 * @example
 * ```ts
 * import { addonCandidates } from "@datajax/backend-spmd-native";
 *
 * addonCandidates({ DATAJAX_NATIVE_ADDON: "/opt/datajax/datajax_spmd.node" })[0]; // "/opt/datajax/datajax_spmd.node"
 * ```
 */
export function addonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(env.DATAJAX_NATIVE_ADDON ? [env.DATAJAX_NATIVE_ADDON] : []),
    join(packageRoot, "native", "build", "Release", "datajax_spmd.node"),
    join(packageRoot, "native", "build", "Debug", "datajax_spmd.node"),
  ];
}

/**
 * Loads the native addon from the first candidate that exists and loads; fails with
 * NativeAddonNotFoundError, one message listing every path tried and how to fix it.
 *
 * @example
 * ```ts
 * import { addonCandidates, loadNativeAddon } from "@datajax/backend-spmd-native";
 *
 * // T types the addon's exports; the default candidates are addonCandidates().
 * const addon = loadNativeAddon<Record<string, unknown>>(addonCandidates());
 * console.log(Object.keys(addon));
 * ```
 */
export function loadNativeAddon<T = unknown>(candidates: readonly string[] = addonCandidates()): T {
  const require = createRequire(import.meta.url);
  let lastError: unknown;
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      checkInstructionSet(path);
      return require(path) as T;
    } catch (e) {
      lastError = e;
    }
  }
  throw new NativeAddonNotFoundError(candidates, lastError);
}

/**
 * Refuses an addon compiled for CPU features this machine lacks (build-native.mjs records them
 * next to it as datajax_spmd.isa.json), before loading it could crash the process with an
 * illegal instruction. Checked on Linux, where /proc/cpuinfo lists the features.
 */
function checkInstructionSet(addonPath: string): void {
  if (!addonPath.endsWith(".node") || process.platform !== "linux") return;
  const sidecar = addonPath.replace(/\.node$/, ".isa.json");
  if (!existsSync(sidecar)) return;
  const { march, requires } = JSON.parse(readFileSync(sidecar, "utf8")) as { march: string; requires: string[] };
  const flagsLine = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags")) ?? "";
  const have = new Set(flagsLine.split(":")[1]?.trim().split(/\s+/) ?? []);
  const missing = requires.filter((f) => !have.has(f));
  if (missing.length > 0) {
    throw new Error(
      `${addonPath} was compiled for ${march} but this CPU lacks ${missing.join(", ")}; rebuild it on this machine ` +
        "(`pnpm --filter @datajax/backend-spmd-native build:native` picks what the CPU has; DATAJAX_NATIVE_BASELINE=1 forces the baseline).",
    );
  }
}
