import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataJaxError } from "@datajax/core-ir";

/** The compiled addon could not be found or loaded. */
export class NativeAddonNotFoundError extends DataJaxError {
  readonly tried: readonly string[];
  constructor(tried: readonly string[], lastError?: unknown) {
    super(
      "DJX_NATIVE_ADDON_MISSING",
      "the DataJAX native SPMD addon is not built. Tried:\n" +
        tried.map((p) => `  - ${p}`).join("\n") +
        "\nBuild it with `pnpm --filter @datajax/backend-spmd-native build:native` (needs OpenMPI: " +
        "`apt-get install -y libopenmpi-dev openmpi-bin`), or set DATAJAX_NATIVE_ADDON to the path of datajax_spmd.node. " +
        "Use the local backend (registerLocalBackend) where no native build is available.",
      lastError ? { cause: lastError } : undefined,
    );
    this.tried = tried;
  }
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the addon may live, in the order they are tried (like sharp's loader). */
export function addonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(env.DATAJAX_NATIVE_ADDON ? [env.DATAJAX_NATIVE_ADDON] : []),
    join(packageRoot, "native", "build", "Release", "datajax_spmd.node"),
    join(packageRoot, "native", "build", "Debug", "datajax_spmd.node"),
  ];
}

/**
 * Loads the native addon from the first candidate that exists; fails with one message listing
 * every path tried and how to fix it.
 */
export function loadNativeAddon<T = unknown>(candidates: readonly string[] = addonCandidates()): T {
  const require = createRequire(import.meta.url);
  let lastError: unknown;
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      return require(path) as T;
    } catch (e) {
      lastError = e;
    }
  }
  throw new NativeAddonNotFoundError(candidates, lastError);
}
