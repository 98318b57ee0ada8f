import { describe, expect, it } from "vitest";
import { diffManifests, InvalidManifestError, manifestDigest, parseManifest, type Manifest } from "../src/index.js";

const h = (c: string) => c.repeat(64);
const stage = (id: string, hash: string, dependencies: string[] = []) => ({
  id, hash, backend: "local", target: "node20-x64", compilerVersion: "0.1.0", bytes: 100, uri: `cas://${hash}`,
  sharding: { kind: "single" as const }, dependencies,
});
const manifest = (stages: ReturnType<typeof stage>[]): Manifest => ({ format: "datajax-manifest", version: 1, deployment: "featurize", stages });

describe("manifests", () => {
  it("diffs by stage id and content hash", () => {
    const prev = manifest([stage("scan", h("a")), stage("agg", h("b"), ["scan"]), stage("old", h("c"))]);
    const next = manifest([stage("scan", h("a")), stage("agg", h("d"), ["scan"]), stage("new", h("e"))]);
    const d = diffManifests(prev, next);
    expect(d.unchanged.map((s) => s.id)).toEqual(["scan"]);
    expect(d.changed.map((c) => [c.previous.hash[0], c.next.hash[0]])).toEqual([["b", "d"]]);
    expect(d.added.map((s) => s.id)).toEqual(["new"]);
    expect(d.removed.map((s) => s.id)).toEqual(["old"]);
  });

  it("refuses duplicate ids, unknown dependencies and bad hashes, naming each", () => {
    const bad = manifest([stage("a", h("a")), stage("a", "nothex", ["ghost"])]);
    let error: unknown;
    try {
      parseManifest(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidManifestError);
    const msg = (error as Error).message;
    expect(msg).toContain('duplicate stage id "a"');
    expect(msg).toContain('unknown stage "ghost"');
    expect(msg).toContain("sha256");
  });

  it("digests independently of stage order and changes with content", () => {
    const a = manifest([stage("x", h("a")), stage("y", h("b"))]);
    const b = manifest([stage("y", h("b")), stage("x", h("a"))]);
    expect(manifestDigest(a)).toBe(manifestDigest(b));
    expect(manifestDigest(a)).not.toBe(manifestDigest(manifest([stage("x", h("a")), stage("y", h("c"))])));
    expect(parseManifest(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });
});
