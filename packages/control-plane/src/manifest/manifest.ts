import * as z from "zod";
import { ShardingJson } from "@datajax/core-ir";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256");

/**
 * One compiled stage of a deployment. `hash` covers stage IR + backend + target + compiler version.
 * The zod schema validates one; the type of the same name is what it accepts.
 *
 * @example
 * ```ts
 * import { ManifestStage } from "@datajax/control-plane";
 * const hash = "9f".repeat(32); // sha256Hex(artifact bytes)
 * const stage: ManifestStage = ManifestStage.parse({
 *   id: "taxi/s0", hash, backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.1.0",
 *   bytes: 2048, uri: hash + ".stage.json", sharding: { kind: "single" }, dependencies: [],
 * });
 * ```
 */
export const ManifestStage = z.object({
  /** Stage id, unique in the manifest (writeDeployment names them `<pipeline>/<stage>`). */
  id: z.string().min(1),
  /** sha256 of the stage's artifact, lowercase hex: its address in a ContentStore. */
  hash: Sha256,
  /** The backend it was compiled for (e.g. "local"). */
  backend: z.string().min(1),
  /** The target it was compiled for (e.g. "node20-x64"). */
  target: z.string().min(1),
  /** The compiler that produced it (e.g. "backend-local/0.1.0"). */
  compilerVersion: z.string().min(1),
  /** Size of the artifact in bytes. */
  bytes: z.number().int().nonnegative(),
  /** Where the artifact is: a path relative to the manifest file, an absolute path or a `file:` uri. */
  uri: z.string().min(1),
  /** How the stage's output is sharded. */
  sharding: ShardingJson,
  /** Ids of the stages it reads; each must be in the manifest. */
  dependencies: z.array(z.string()),
});
/** One compiled stage of a deployment, as the ManifestStage schema accepts it. */
export type ManifestStage = z.infer<typeof ManifestStage>;

/**
 * A versioned list of the compiled stages of one deployment; stage ids are unique and every
 * dependency names a stage of the list. parseManifest validates with it and reports every problem.
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { Manifest } from "@datajax/control-plane";
 * const r = Manifest.safeParse(JSON.parse(await readFile("deploy/v2/manifest.json", "utf8")));
 * if (r.success) console.log(r.data.deployment, r.data.stages.map((s) => s.id));
 * ```
 */
export const Manifest = z
  .object({
    /** Always "datajax-manifest". */
    format: z.literal("datajax-manifest"),
    /** Format version: 1. */
    version: z.literal(1),
    /** Name of the deployment (e.g. "taxi"). */
    deployment: z.string().min(1),
    /** The compiled stages. */
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
/** A versioned list of the compiled stages of one deployment, as the Manifest schema accepts it. */
export type Manifest = z.infer<typeof Manifest>;
