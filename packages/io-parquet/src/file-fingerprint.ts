import { createHash } from "node:crypto";

export interface FileIdentity {
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
}

/** A content identity from paths, sizes and modification times (cheap; no data is read). */
export function fileFingerprint(kind: string, files: readonly FileIdentity[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(`${f.path}\0${f.bytes}\0${f.mtimeMs}\n`);
  return `${kind}:${h.digest("hex").slice(0, 32)}`;
}
