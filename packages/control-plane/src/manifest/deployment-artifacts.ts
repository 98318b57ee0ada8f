import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { DataJaxError, stageGraphToJson, type StageGraph } from "@datajax/core-ir";
import { sha256Hex } from "../store/content-store.js";
import type { Manifest, ManifestStage } from "./manifest.js";
import { parseManifest } from "./parse-manifest.js";

/** What a compiled stage was compiled for: part of its artifact, hence of its content hash. */
export interface CompileTarget {
  readonly backend: string;
  readonly target: string;
  readonly compilerVersion: string;
}

/**
 * The artifact of one stage: canonical JSON of its stage graph entry plus the compile target.
 * Its sha256 is the manifest's content hash "of stage IR + backend + target + compiler version".
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

/** Reads a manifest file and the artifact bytes its stages' uris name (paths relative to the file). */
export async function readDeployment(manifestPath: string): Promise<{ manifest: Manifest; artifacts: Map<string, Uint8Array> }> {
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
