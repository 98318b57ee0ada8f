import { createHash } from "node:crypto";
import type { Manifest } from "./manifest.js";

/**
 * sha256 of the manifest with stages sorted by id (lowercase hex): the same deployment content
 * gives the same digest. Transfer plans and worker pointers name manifests by it.
 *
 * @example
 * ```ts
 * import { manifestDigest, readDeployment } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v2/manifest.json");
 * console.log(manifestDigest(manifest).slice(0, 12)); // as `datajax cp status` prints it
 * ```
 */
export function manifestDigest(m: Manifest): string {
  const stages = [...m.stages].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash("sha256").update(JSON.stringify({ ...m, stages })).digest("hex");
}
