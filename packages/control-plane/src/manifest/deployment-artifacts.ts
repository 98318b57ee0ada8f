import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { DataJaxError, stageGraphToJson, type StageGraph } from "@datajax/core-ir";
import { sha256Hex } from "../store/content-store.js";
import type { Manifest, ManifestStage } from "./manifest.js";
import { parseManifest } from "./parse-manifest.js";

/**
 * What a compiled stage was compiled for: part of its artifact, hence of its content hash.
 *
 * @example
 * ```ts
 * import type { CompileTarget } from "@datajax/control-plane";
 * const target: CompileTarget = { backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.1.0" };
 * ```
 */
export interface CompileTarget {
  /** The backend that runs the stage (e.g. "local"). */
  readonly backend: string;
  /** The platform it was compiled for (e.g. "node20-x64"). */
  readonly target: string;
  /** The compiler that produced it; a new version changes every hash. */
  readonly compilerVersion: string;
}

/**
 * The artifact of one stage: canonical JSON of its stage graph entry plus the compile target.
 * Its sha256 is the manifest's content hash "of stage IR + backend + target + compiler version".
 * Throws a DataJaxError with code `DJX_UNKNOWN_STAGE` when the graph has no stage `stageId`.
 *
 * @example
 * ```ts
 * import { djit, featurize, readParquet } from "@datajax/datajax";
 * import { sha256Hex, stageArtifact } from "@datajax/control-plane";
 * const graph = djit(featurize).lower(await readParquet("data/trips.parquet")).stages;
 * const bytes = stageArtifact(graph, graph.output, { backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.1.0" });
 * console.log(sha256Hex(bytes)); // the stage's hash in a manifest
 * ```
 */
export function stageArtifact(graph: StageGraph, stageId: string, target: CompileTarget): Uint8Array {
  const json = stageGraphToJson(graph);
  const stage = json.stages.find((s) => s.id === stageId);
  if (!stage) throw new DataJaxError("DJX_UNKNOWN_STAGE", `stage "${stageId}" is not in the graph (stages: ${json.stages.map((s) => s.id).join(", ")}).`);
  return new TextEncoder().encode(JSON.stringify({ format: "datajax-stage-artifact", version: 1, ...target, stage }));
}

/**
 * Writes the stages of compiled pipelines (name → stage graph, e.g. `djit(f).lower(x).stages`)
 * as artifacts into `dir`, and `dir/manifest.json` listing them. Stage ids are `<pipeline>/<stage>`;
 * a stage depends on the stages it reads. Returns the manifest.
 *
 * @example
 * ```ts
 * import { djit, featurize, readParquet } from "@datajax/datajax";
 * import { writeDeployment } from "@datajax/control-plane";
 * const trips = await readParquet("data/trips.parquet");
 * const target = { backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.1.0" };
 * const manifest = await writeDeployment("deploy/v1", "taxi", { featurize: djit(featurize).lower(trips).stages }, target);
 * // deploy/v1/manifest.json, then: datajax cp commit deploy/v1/manifest.json
 * ```
 */
export async function writeDeployment(dir: string, deployment: string, pipelines: Readonly<Record<string, StageGraph>>, target: CompileTarget): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const stages: ManifestStage[] = [];
  for (const [name, graph] of Object.entries(pipelines)) {
    for (const stage of graph.stages) {
      const bytes = stageArtifact(graph, stage.id, target);
      const hash = sha256Hex(bytes);
      const file = `${hash}.stage.json`;
      await writeFile(join(dir, file), bytes);
      stages.push({
        id: `${name}/${stage.id}`, hash, ...target, bytes: bytes.byteLength, uri: file,
        sharding: stageGraphToJson({ stages: [stage], output: stage.id }).stages[0]!.sharding,
        dependencies: stage.inputs.map((i) => `${name}/${i}`),
      });
    }
  }
  const manifest = parseManifest({ format: "datajax-manifest", version: 1, deployment, stages });
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Reads a manifest file and the artifact bytes its stages' uris name (paths relative to the file),
 * verifying each artifact's hash. Throws InvalidManifestError, or a DataJaxError with code
 * `DJX_ARTIFACT_MISSING` (unreadable artifact) or `DJX_HASH_MISMATCH` (bytes differ from the hash).
 *
 * @example
 * ```ts
 * import { CoordinatorClient, readDeployment } from "@datajax/control-plane";
 * const { manifest, artifacts } = await readDeployment("deploy/v2/manifest.json");
 * const client = new CoordinatorClient("http://127.0.0.1:7077", process.env["DATAJAX_CP_TOKEN"]);
 * for (const [hash, bytes] of artifacts) await client.putObject(hash, bytes);
 * console.log(await client.plan(manifest));
 * ```
 */
export async function readDeployment(manifestPath: string): Promise<{
  /** The validated manifest. */
  manifest: Manifest;
  /** Each stage's artifact bytes, by content hash (verified). */
  artifacts: Map<string, Uint8Array>;
}> {
  const manifest = parseManifest(JSON.parse(await readFile(manifestPath, "utf8")));
  const artifacts = new Map<string, Uint8Array>();
  for (const s of manifest.stages) {
    const path = isAbsolute(s.uri) ? s.uri : resolve(dirname(manifestPath), s.uri.replace(/^file:/, ""));
    const bytes = await readFile(path).catch(() => {
      throw new DataJaxError("DJX_ARTIFACT_MISSING", `stage ${s.id}: artifact ${path} (its uri "${s.uri}") cannot be read.`);
    });
    const actual = sha256Hex(bytes);
    if (actual !== s.hash) throw new DataJaxError("DJX_HASH_MISMATCH", `stage ${s.id}: ${path} hashes to ${actual}, the manifest says ${s.hash}. Rebuild the deployment.`);
    artifacts.set(s.hash, bytes);
  }
  return { manifest, artifacts };
}
