import * as z from "zod";
import type { ManifestDiff } from "../manifest/diff-manifests.js";
import type { Manifest } from "../manifest/manifest.js";
import type { Outcome } from "../coordinator/coordinator-state.js";
import type { StoreStats } from "../store/content-store.js";
import type { TransferArtifact, TransferPlan } from "../plan/transfer-plan.js";

/** Request bodies, validated at the coordinator's boundary. */
export const RegisterRequest = z.object({ worker: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "worker ids are 1-64 letters, digits, . _ -") });
export const AckRequest = z.object({ worker: z.string().min(1), ok: z.boolean(), error: z.string().optional() });
export const DeployRequest = z.object({ manifest: z.unknown() });
export const GcRequest = z.object({ graceMs: z.number().int().nonnegative() });

export interface DeploymentSummary {
  readonly id: string;
  readonly phase: "staging";
  readonly deployment: string;
  readonly manifestDigest: string;
  readonly planDigest: string;
  readonly workers: readonly string[];
  readonly acked: readonly string[];
  readonly deadline: number;
  readonly rollback: boolean;
}

export interface WorkerView {
  readonly id: string;
  readonly lastSeen: number | null;
  /** The deployment the worker last said it runs. */
  readonly current: string | null;
}

export interface CoordinatorStatus {
  readonly current: { readonly id: string; readonly deployment: string; readonly manifestDigest: string; readonly stages: number } | null;
  readonly previous: { readonly id: string; readonly manifestDigest: string } | null;
  readonly pending: DeploymentSummary | null;
  readonly workers: readonly WorkerView[];
  readonly history: readonly Outcome[];
  readonly store: StoreStats;
}

export interface PlanResponse {
  readonly from: string | null;
  readonly to: string;
  readonly diff: { readonly [K in keyof ManifestDiff]: readonly string[] };
  readonly plan: TransferPlan;
  readonly planDigest: string;
}

/** What a worker learns when it syncs: the committed deployment and, if it must stage, the pending one. */
export interface SyncResponse {
  readonly current: { readonly id: string; readonly manifestDigest: string; readonly manifest: Manifest } | null;
  readonly pending: { readonly id: string; readonly manifest: Manifest; readonly artifacts: readonly TransferArtifact[] } | null;
  readonly aborted: readonly string[];
}
