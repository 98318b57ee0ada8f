import { createHash } from "node:crypto";
import * as z from "zod";
import { DataJaxError } from "@datajax/core-ir";
import type { Manifest } from "../manifest/manifest.js";
import { manifestDigest } from "../manifest/manifest-digest.js";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** One artifact to move: a stage's compiled bytes, by content hash. */
export const TransferArtifact = z.object({ stageId: z.string().min(1), hash: Sha256, bytes: z.number().int().nonnegative() });
export type TransferArtifact = z.infer<typeof TransferArtifact>;

/** What one worker fetches in one transfer. */
export const TransferBucket = z.object({ worker: z.string().min(1), index: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), artifacts: z.array(TransferArtifact) });
export type TransferBucket = z.infer<typeof TransferBucket>;

/**
 * The artifacts of `to` that are not in `from`, packed per worker into buckets of at most
 * `bucketBytes` (first-fit decreasing; an artifact larger than a bucket gets one of its own).
 */
export const TransferPlan = z.object({
  format: z.literal("datajax-transfer-plan"),
  version: z.literal(1),
  from: Sha256.nullable(),
  to: Sha256,
  workers: z.array(z.string().min(1)),
  bucketBytes: z.number().int().positive(),
  buckets: z.array(TransferBucket),
});
export type TransferPlan = z.infer<typeof TransferPlan>;

export const DEFAULT_BUCKET_BYTES = 64 * 2 ** 20;

/** The artifacts that must move to go from `previous` to `next`: stages whose hash `previous` lacks. */
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

/** sha256 of the plan's canonical JSON: a plan is pinned by it. */
export function transferPlanDigest(plan: TransferPlan): string {
  return createHash("sha256").update(JSON.stringify(TransferPlan.parse(plan))).digest("hex");
}

export class InvalidTransferPlanError extends DataJaxError {
  constructor(readonly problems: readonly string[]) {
    super("DJX_INVALID_TRANSFER_PLAN", `invalid transfer plan:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Checks a plan against the manifests it claims to move between: every changed artifact reaches
 * every worker exactly once, buckets go only to the plan's workers, no bucket holding several
 * artifacts exceeds bucketBytes, and byte counts add up. Returns the problems (empty when valid).
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
