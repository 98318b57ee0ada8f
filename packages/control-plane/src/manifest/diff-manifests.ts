import type { Manifest, ManifestStage } from "./manifest.js";

/**
 * What changed between two manifests, by stage id; `changed` means the content hash differs.
 *
 * @example
 * ```ts
 * import { diffManifests, readDeployment, type ManifestDiff } from "@datajax/control-plane";
 * const { manifest: v1 } = await readDeployment("deploy/v1/manifest.json");
 * const { manifest: v2 } = await readDeployment("deploy/v2/manifest.json");
 * const diff: ManifestDiff = diffManifests(v1, v2);
 * console.log(diff.changed.map((c) => c.next.id)); // e.g. ["zones/s0"]
 * ```
 */
export interface ManifestDiff {
  /** Stages of `next` whose id `previous` lacks. */
  readonly added: readonly ManifestStage[];
  /** Stages in both whose hash differs, as they were and as they are. */
  readonly changed: readonly {
    /** The stage in the previous manifest. */
    readonly previous: ManifestStage;
    /** The stage in the next manifest. */
    readonly next: ManifestStage;
  }[];
  /** Stages of `previous` whose id `next` lacks. */
  readonly removed: readonly ManifestStage[];
  /** Stages in both with the same hash. */
  readonly unchanged: readonly ManifestStage[];
}

/**
 * Compares two manifests stage by stage (matched by id): added, changed (hash differs), removed,
 * unchanged; `added`, `changed` and `unchanged` follow `next`'s order, `removed` `previous`'s.
 *
 * @example
 * ```ts
 * import { diffManifests, readDeployment } from "@datajax/control-plane";
 * const { manifest: v1 } = await readDeployment("deploy/v1/manifest.json");
 * const { manifest: v2 } = await readDeployment("deploy/v2/manifest.json");
 * const { added, changed, removed } = diffManifests(v1, v2);
 * console.log(added.length, changed.length, removed.length);
 * ```
 */
export function diffManifests(previous: Manifest, next: Manifest): ManifestDiff {
  const before = new Map(previous.stages.map((s) => [s.id, s]));
  const after = new Set(next.stages.map((s) => s.id));
  const added: ManifestStage[] = [];
  const changed: { previous: ManifestStage; next: ManifestStage }[] = [];
  const unchanged: ManifestStage[] = [];
  for (const s of next.stages) {
    const old = before.get(s.id);
    if (!old) added.push(s);
    else if (old.hash !== s.hash) changed.push({ previous: old, next: s });
    else unchanged.push(s);
  }
  const removed = previous.stages.filter((s) => !after.has(s.id));
  return { added, changed, removed, unchanged };
}
