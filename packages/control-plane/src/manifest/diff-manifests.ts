import type { Manifest, ManifestStage } from "./manifest.js";

/** What changed between two manifests, by stage id; `changed` means the content hash differs. */
export interface ManifestDiff {
  readonly added: readonly ManifestStage[];
  readonly changed: readonly { readonly previous: ManifestStage; readonly next: ManifestStage }[];
  readonly removed: readonly ManifestStage[];
  readonly unchanged: readonly ManifestStage[];
}

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
