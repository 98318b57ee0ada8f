import { createHash } from "node:crypto";
import type { Manifest } from "./manifest.js";

/** sha256 of the manifest with stages sorted by id: the same deployment content gives the same digest. */
export function manifestDigest(m: Manifest): string {
  const stages = [...m.stages].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash("sha256").update(JSON.stringify({ ...m, stages })).digest("hex");
}
