import * as z from "zod";
import { ShardingJson } from "@datajax/core-ir";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256");

/** One compiled stage of a deployment. `hash` covers stage IR + backend + target + compiler version. */
export const ManifestStage = z.object({
  id: z.string().min(1),
  hash: Sha256,
  backend: z.string().min(1),
  target: z.string().min(1),
  compilerVersion: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  uri: z.string().min(1),
  sharding: ShardingJson,
  dependencies: z.array(z.string()),
});
export type ManifestStage = z.infer<typeof ManifestStage>;

/** A versioned list of the compiled stages of one deployment. */
export const Manifest = z
  .object({
    format: z.literal("datajax-manifest"),
    version: z.literal(1),
    deployment: z.string().min(1),
    stages: z.array(ManifestStage),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    for (const [i, s] of m.stages.entries()) {
      if (ids.has(s.id)) ctx.addIssue({ code: "custom", path: ["stages", i, "id"], message: `duplicate stage id "${s.id}"` });
      ids.add(s.id);
    }
    for (const [i, s] of m.stages.entries()) {
      for (const d of s.dependencies) {
        if (!ids.has(d)) ctx.addIssue({ code: "custom", path: ["stages", i, "dependencies"], message: `stage "${s.id}" depends on unknown stage "${d}"` });
      }
    }
  });
export type Manifest = z.infer<typeof Manifest>;
