import { DataJaxError } from "@datajax/core-ir";
import { Manifest } from "./manifest.js";

/** A manifest that does not validate; the message lists each problem with its path. */
export class InvalidManifestError extends DataJaxError {
  constructor(problems: readonly string[]) {
    super("DJX_INVALID_MANIFEST", `invalid manifest:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseManifest(json: unknown): Manifest {
  const r = Manifest.safeParse(json);
  if (!r.success) throw new InvalidManifestError(r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  return r.data;
}
