import { createHash } from "node:crypto";
import * as z from "zod";
import { DataJaxError } from "@datajax/core-ir";
import type { Manifest } from "../manifest/manifest.js";
import { manifestDigest } from "../manifest/manifest-digest.js";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One artifact to move: a stage's compiled bytes, by content hash.
 *
 * @example
 * ```ts
 * import { changedArtifacts, readDeployment, type TransferArtifact } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v1/manifest.json");
 * const all: TransferArtifact[] = changedArtifacts(null, manifest); // nothing deployed yet: every artifact
 * console.log(all.map((a) => a.stageId + " " + a.bytes + " B"));
 * ```
 */
export const TransferArtifact = z.object({
  /** The stage (manifest id) the artifact was compiled from. */
  stageId: z.string().min(1),
  /** sha256 of the artifact: what the worker fetches and verifies. */
  hash: Sha256,
  /** Size of the artifact in bytes. */
  bytes: z.number().int().nonnegative(),
});
/** One artifact to move, as the TransferArtifact schema accepts it. */
export type TransferArtifact = z.infer<typeof TransferArtifact>;

/**
 * What one worker fetches in one transfer.
 *
 * @example
 * ```ts
 * import { planTransfer, readDeployment, type TransferBucket } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v1/manifest.json");
 * const buckets: TransferBucket[] = planTransfer(null, manifest, ["w1", "w2"]).buckets;
 * for (const b of buckets) console.log(b.worker + "#" + b.index, b.artifacts.length, b.bytes);
 * ```
 */
export const TransferBucket = z.object({
  /** The worker that fetches it. */
  worker: z.string().min(1),
  /** Its position among that worker's buckets (0, 1, ...). */
  index: z.number().int().nonnegative(),
  /** Bytes of its artifacts together. */
  bytes: z.number().int().nonnegative(),
  /** The artifacts it holds. */
  artifacts: z.array(TransferArtifact),
});
/** What one worker fetches in one transfer, as the TransferBucket schema accepts it. */
export type TransferBucket = z.infer<typeof TransferBucket>;

/**
 * The artifacts of `to` that are not in `from`, packed per worker into buckets of at most
 * `bucketBytes` (first-fit decreasing; an artifact larger than a bucket gets one of its own).
 *
 * @example
 * ```ts
 * import { planTransfer, readDeployment, TransferPlan } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v1/manifest.json");
 * const plan: TransferPlan = planTransfer(null, manifest, ["w1", "w2", "w3"]);
 * const roundTripped = TransferPlan.parse(JSON.parse(JSON.stringify(plan))); // the schema validates plan JSON
 * ```
 */
export const TransferPlan = z.object({
  /** Always "datajax-transfer-plan". */
  format: z.literal("datajax-transfer-plan"),
  /** Format version: 1. */
  version: z.literal(1),
  /** manifestDigest of the deployed manifest, or null when nothing was deployed. */
  from: Sha256.nullable(),
  /** manifestDigest of the manifest being deployed. */
  to: Sha256,
  /** The workers that receive the changes, sorted. */
  workers: z.array(z.string().min(1)),
  /** The most bytes a bucket of several artifacts may hold. */
  bucketBytes: z.number().int().positive(),
  /** Every worker's buckets, worker by worker. */
  buckets: z.array(TransferBucket),
});
/** A transfer plan, as the TransferPlan schema accepts it. */
export type TransferPlan = z.infer<typeof TransferPlan>;

/**
 * The bucket size planTransfer uses by default: 64 MiB.
 *
 * @example
 * ```ts
 * import { DEFAULT_BUCKET_BYTES, planTransfer, readDeployment } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v1/manifest.json");
 * const plan = planTransfer(null, manifest, ["w1"], DEFAULT_BUCKET_BYTES / 4); // 16 MiB buckets
 * ```
 */
export const DEFAULT_BUCKET_BYTES = 64 * 2 ** 20;

/**
 * The artifacts that must move to go from `previous` to `next`: stages whose hash `previous` lacks,
 * each hash once, in `next`'s order (all of them when `previous` is null).
 *
 * @example
 * ```ts
 * import { changedArtifacts, readDeployment } from "@datajax/control-plane";
 * const { manifest: v1 } = await readDeployment("deploy/v1/manifest.json");
 * const { manifest: v2 } = await readDeployment("deploy/v2/manifest.json");
 * const toMove = changedArtifacts(v1, v2);
 * console.log(toMove.reduce((n, a) => n + a.bytes, 0), "bytes per worker");
 * ```
 */
export function changedArtifacts(previous: Manifest | null, next: Manifest): TransferArtifact[] {
  const have = new Set(previous?.stages.map((s) => s.hash) ?? []);
  const seen = new Set<string>();
  const out: TransferArtifact[] = [];
  for (const s of next.stages) {
    if (have.has(s.hash) || seen.has(s.hash)) continue;
    seen.add(s.hash);
    out.push({ stageId: s.id, hash: s.hash, bytes: s.bytes });
  }
  return out;
}

/**
 * Plans moving from `previous` (null: nothing deployed) to `next`: every worker gets every changed
 * artifact (changedArtifacts), packed into buckets of at most `bucketBytes` (first-fit decreasing).
 * Deterministic: the same inputs give the same plan. Throws RangeError for a bad bucketBytes.
 *
 * @example
 * ```ts
 * import { planTransfer, readDeployment, transferPlanDigest } from "@datajax/control-plane";
 * const { manifest: v1 } = await readDeployment("deploy/v1/manifest.json");
 * const { manifest: v2 } = await readDeployment("deploy/v2/manifest.json");
 * const plan = planTransfer(v1, v2, ["w1", "w2", "w3"], 8 * 2 ** 20);
 * console.log(plan.buckets.length, transferPlanDigest(plan).slice(0, 12));
 * ```
 */
export function planTransfer(previous: Manifest | null, next: Manifest, workers: readonly string[], bucketBytes = DEFAULT_BUCKET_BYTES): TransferPlan {
  if (!Number.isSafeInteger(bucketBytes) || bucketBytes <= 0) throw new RangeError(`planTransfer: bucketBytes must be a positive integer, got ${bucketBytes}`);
  const artifacts = changedArtifacts(previous, next).sort((a, b) => b.bytes - a.bytes || (a.hash < b.hash ? -1 : 1));
  const buckets: TransferBucket[] = [];
  for (const worker of [...workers].sort()) {
    const mine: { bytes: number; artifacts: TransferArtifact[] }[] = [];
    for (const a of artifacts) {
      const fit = mine.find((b) => b.bytes + a.bytes <= bucketBytes);
      if (fit) { fit.artifacts.push(a); fit.bytes += a.bytes; }
      else mine.push({ bytes: a.bytes, artifacts: [a] });
    }
    mine.forEach((b, index) => buckets.push({ worker, index, bytes: b.bytes, artifacts: b.artifacts }));
  }
  return { format: "datajax-transfer-plan", version: 1, from: previous ? manifestDigest(previous) : null, to: manifestDigest(next), workers: [...workers].sort(), bucketBytes, buckets };
}

/**
 * sha256 of the plan's canonical JSON (lowercase hex): a plan is pinned by it. Throws zod's
 * ZodError when `plan` does not validate as a TransferPlan.
 *
 * @example
 * ```ts
 * import { planTransfer, readDeployment, transferPlanDigest } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v1/manifest.json");
 * const digest = transferPlanDigest(planTransfer(null, manifest, ["w1", "w2"]));
 * ```
 */
export function transferPlanDigest(plan: TransferPlan): string {
  return createHash("sha256").update(JSON.stringify(TransferPlan.parse(plan))).digest("hex");
}

/**
 * A transfer plan that does not move what it claims to; the message lists each problem. Code
 * `DJX_INVALID_TRANSFER_PLAN`. verifyTransferPlan returns the problems; throw this to refuse a plan.
 *
 * @example
 * ```ts
 * import { InvalidTransferPlanError, readDeployment, verifyTransferPlan, type TransferPlan } from "@datajax/control-plane";
 * declare const received: TransferPlan; // a plan from elsewhere
 * const { manifest: next } = await readDeployment("deploy/v2/manifest.json");
 * const problems = verifyTransferPlan(received, null, next);
 * if (problems.length > 0) throw new InvalidTransferPlanError(problems); // err.code === "DJX_INVALID_TRANSFER_PLAN"
 * ```
 */
export class InvalidTransferPlanError extends DataJaxError {
  constructor(
    /** What is wrong with the plan, one line each (as verifyTransferPlan returns them). */
    readonly problems: readonly string[],
  ) {
    super("DJX_INVALID_TRANSFER_PLAN", `invalid transfer plan:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Checks a plan against the manifests it claims to move between: every changed artifact reaches
 * every worker exactly once, buckets go only to the plan's workers, no bucket holding several
 * artifacts exceeds bucketBytes, and byte counts add up. Returns the problems (empty when valid).
 *
 * @example
 * ```ts
 * import { planTransfer, readDeployment, verifyTransferPlan } from "@datajax/control-plane";
 * const { manifest: v1 } = await readDeployment("deploy/v1/manifest.json");
 * const { manifest: v2 } = await readDeployment("deploy/v2/manifest.json");
 * const plan = planTransfer(v1, v2, ["w1", "w2"]);
 * verifyTransferPlan(plan, v1, v2); // []
 * verifyTransferPlan({ ...plan, buckets: plan.buckets.slice(1) }, v1, v2); // ["worker w1: artifact ... is missing", ...]
 * ```
 */
export function verifyTransferPlan(plan: TransferPlan, previous: Manifest | null, next: Manifest): string[] {
  const problems: string[] = [];
  if (plan.to !== manifestDigest(next)) problems.push(`plan.to ${plan.to.slice(0, 12)} is not the next manifest's digest`);
  if (plan.from !== (previous ? manifestDigest(previous) : null)) problems.push("plan.from is not the previous manifest's digest");
  const needed = changedArtifacts(previous, next);
  const workers = new Set(plan.workers);
  const received = new Map<string, Map<string, number>>();
  for (const w of plan.workers) received.set(w, new Map());
  for (const b of plan.buckets) {
    if (!workers.has(b.worker)) { problems.push(`bucket ${b.worker}#${b.index}: worker "${b.worker}" is not in the plan (out of range)`); continue; }
    const sum = b.artifacts.reduce((n, a) => n + a.bytes, 0);
    if (sum !== b.bytes) problems.push(`bucket ${b.worker}#${b.index}: says ${b.bytes} bytes, its artifacts hold ${sum}`);
    if (b.artifacts.length > 1 && b.bytes > plan.bucketBytes) problems.push(`bucket ${b.worker}#${b.index}: ${b.bytes} bytes exceeds bucketBytes ${plan.bucketBytes} (oversize)`);
    for (const a of b.artifacts) {
      const got = received.get(b.worker)!;
      got.set(a.hash, (got.get(a.hash) ?? 0) + 1);
    }
  }
  for (const [w, got] of received) {
    for (const a of needed) {
      const n = got.get(a.hash) ?? 0;
      if (n === 0) problems.push(`worker ${w}: artifact ${a.stageId} (${a.hash.slice(0, 12)}) is missing`);
      else if (n > 1) problems.push(`worker ${w}: artifact ${a.stageId} (${a.hash.slice(0, 12)}) comes ${n} times (duplicate)`);
    }
    for (const h of got.keys()) if (!needed.some((a) => a.hash === h)) problems.push(`worker ${w}: artifact ${h.slice(0, 12)} is not a change of the next manifest`);
  }
  return problems;
}
