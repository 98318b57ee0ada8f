import { describe, expect, it } from "vitest";
import { planTransfer, transferPlanDigest, verifyTransferPlan, type Manifest, type TransferPlan } from "../src/index.js";

const h = (c: string) => c.repeat(64);
const stage = (id: string, hash: string, bytes: number) => ({
  id, hash, backend: "local", target: "node20-x64", compilerVersion: "0.1.0", bytes, uri: `${hash}.stage.json`, sharding: { kind: "single" as const }, dependencies: [],
});
const manifest = (stages: ReturnType<typeof stage>[]): Manifest => ({ format: "datajax-manifest", version: 1, deployment: "taxi", stages });

const prev = manifest([stage("a", h("a"), 10), stage("b", h("b"), 20)]);
const next = manifest([stage("a", h("a"), 10), stage("b", h("c"), 60), stage("d", h("d"), 50), stage("e", h("e"), 30), stage("f", h("f"), 45)]);

describe("transfer plans", () => {
  it("packs only the changed artifacts, first-fit decreasing, into buckets per worker", () => {
    const plan = planTransfer(prev, next, ["w2", "w1"], 100);
    expect(plan.workers).toEqual(["w1", "w2"]);
    const w1 = plan.buckets.filter((b) => b.worker === "w1").map((b) => [b.bytes, b.artifacts.map((a) => a.stageId)]);
    // 60, 50, 45, 30 into 100-byte buckets: [60 + 30], [50 + 45].
    expect(w1).toEqual([[90, ["b", "e"]], [95, ["d", "f"]]]);
    expect(plan.buckets.filter((b) => b.worker === "w2")).toHaveLength(2);
    expect(verifyTransferPlan(plan, prev, next)).toEqual([]);
  });

  it("a first deployment moves everything; an artifact larger than a bucket gets its own", () => {
    const plan = planTransfer(null, next, ["w1"], 55);
    expect(plan.from).toBeNull();
    expect(plan.buckets.map((b) => b.artifacts.map((a) => a.stageId))).toEqual([["b"], ["d"], ["f", "a"], ["e"]]);
    expect(verifyTransferPlan(plan, null, next)).toEqual([]);
  });

  it("is pinned by its digest: the same inputs give the same digest, any change another", () => {
    const a = planTransfer(prev, next, ["w1", "w2"], 100);
    expect(transferPlanDigest(a)).toBe(transferPlanDigest(planTransfer(prev, next, ["w2", "w1"], 100)));
    expect(transferPlanDigest(a)).not.toBe(transferPlanDigest(planTransfer(prev, next, ["w1", "w2"], 99)));
  });

  it("the verifier names missing, duplicate and out-of-range consumers, and oversize buckets", () => {
    const good = planTransfer(prev, next, ["w1", "w2"], 100);
    const broken: TransferPlan = {
      ...good,
      buckets: [
        ...good.buckets.filter((b) => !(b.worker === "w2" && b.index === 1)),
        { ...good.buckets[0]!, worker: "w1", index: 9 },
        { worker: "w9", index: 0, bytes: 10, artifacts: [{ stageId: "a", hash: h("a"), bytes: 10 }] },
        { worker: "w2", index: 5, bytes: 150, artifacts: [{ stageId: "x", hash: h("9"), bytes: 75 }, { stageId: "y", hash: h("8"), bytes: 75 }] },
      ],
    };
    const problems = verifyTransferPlan(broken, prev, next);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/worker w2: artifact d .* is missing/),
        expect.stringMatching(/worker w2: artifact f .* is missing/),
        expect.stringMatching(/worker w1: artifact b .* comes 2 times \(duplicate\)/),
        expect.stringMatching(/bucket w9#0: worker "w9" is not in the plan \(out of range\)/),
        expect.stringMatching(/bucket w2#5: 150 bytes exceeds bucketBytes 100 \(oversize\)/),
        expect.stringMatching(/worker w2: artifact 999999999999 is not a change of the next manifest/),
      ]),
    );
    expect(verifyTransferPlan(good, prev, manifest([stage("a", h("a"), 10)]))).toEqual(expect.arrayContaining([expect.stringMatching(/not the next manifest's digest/)]));
  });
});
