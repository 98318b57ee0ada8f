import { DataJaxError } from "@datajax/core-ir";
import { Manifest } from "./manifest.js";

/**
 * A manifest that does not validate; the message lists each problem with its path. Code
 * `DJX_INVALID_MANIFEST`; thrown by parseManifest, readDeployment and writeDeployment.
 *
 * @example
 * ```ts
 * import { InvalidManifestError, parseManifest } from "@datajax/control-plane";
 * try {
 *   parseManifest({ format: "datajax-manifest", version: 2, deployment: "taxi", stages: [] });
 * } catch (err) {
 *   if (err instanceof InvalidManifestError) console.error(err.message); // "invalid manifest:\n  - version: ..."
 *   else throw err;
 * }
 * ```
 */
export class InvalidManifestError extends DataJaxError {
  constructor(problems: readonly string[]) {
    super("DJX_INVALID_MANIFEST", `invalid manifest:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Validates parsed JSON as a Manifest and returns it; throws InvalidManifestError listing every
 * problem (path: message) otherwise.
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { parseManifest } from "@datajax/control-plane";
 * const manifest = parseManifest(JSON.parse(await readFile("deploy/v2/manifest.json", "utf8")));
 * console.log(manifest.deployment, manifest.stages.length);
 * ```
 */
export function parseManifest(json: unknown): Manifest {
  const r = Manifest.safeParse(json);
  if (!r.success) throw new InvalidManifestError(r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  return r.data;
}
