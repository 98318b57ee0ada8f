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

/**
 * A deployment being staged, as the coordinator reports it (begin, rollback, status.pending).
 *
 * @example
 * ```ts
 * import { CoordinatorClient, readDeployment, type DeploymentSummary } from "@datajax/control-plane";
 * const client = new CoordinatorClient("http://127.0.0.1:7077", process.env["DATAJAX_CP_TOKEN"]);
 * const begun: DeploymentSummary = await client.begin((await readDeployment("deploy/v2/manifest.json")).manifest);
 * console.log(begun.id + ": waiting for " + begun.workers.length + " worker(s)");
 * ```
 */
export interface DeploymentSummary {
  /** Deployment id ("d1", "d2", ...). */
  readonly id: string;
  /** Always "staging": a deployment that committed or aborted appears in the history instead. */
  readonly phase: "staging";
  /** The manifest's deployment name. */
  readonly deployment: string;
  /** manifestDigest of the manifest being deployed. */
  readonly manifestDigest: string;
  /** transferPlanDigest of its transfer plan. */
  readonly planDigest: string;
  /** The workers that must ack before it commits. */
  readonly workers: readonly string[];
  /** The workers that acked so far. */
  readonly acked: readonly string[];
  /** When it aborts unless every worker acked (ms since the epoch). */
  readonly deadline: number;
  /** Whether it redeploys the previous manifest. */
  readonly rollback: boolean;
}

/**
 * One registered worker, as the coordinator's status shows it.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, type WorkerView } from "@datajax/control-plane";
 * const workers: readonly WorkerView[] = (await new CoordinatorClient("http://127.0.0.1:7077").status()).workers;
 * for (const w of workers) console.log(w.id, w.current ?? "nothing");
 * ```
 */
export interface WorkerView {
  /** The worker's id. */
  readonly id: string;
  /** When it last synced (ms since the epoch); null when not since the coordinator started. */
  readonly lastSeen: number | null;
  /** The deployment the worker last said it runs. */
  readonly current: string | null;
}

/**
 * What the coordinator reports on `GET /v1/status` (`datajax cp status`; formatStatus prints it).
 *
 * @example
 * ```ts
 * import { CoordinatorClient, type CoordinatorStatus } from "@datajax/control-plane";
 * const status: CoordinatorStatus = await new CoordinatorClient("http://127.0.0.1:7077").status();
 * console.log(status.current?.id ?? "nothing committed", status.pending?.acked.length);
 * ```
 */
export interface CoordinatorStatus {
  /** The committed deployment workers run, or null before the first commit. */
  readonly current: {
    /** Deployment id. */
    readonly id: string;
    /** The manifest's deployment name. */
    readonly deployment: string;
    /** manifestDigest of its manifest. */
    readonly manifestDigest: string;
    /** Stages in its manifest. */
    readonly stages: number;
  } | null;
  /** The deployment committed before `current` (what rollback redeploys), or null. */
  readonly previous: {
    /** Deployment id. */
    readonly id: string;
    /** manifestDigest of its manifest. */
    readonly manifestDigest: string;
  } | null;
  /** The deployment being staged, or null. */
  readonly pending: DeploymentSummary | null;
  /** Every registered worker. */
  readonly workers: readonly WorkerView[];
  /** The last 20 outcomes, oldest first. */
  readonly history: readonly Outcome[];
  /** The coordinator's store: objects held and bytes served since it started. */
  readonly store: StoreStats;
}

/**
 * What deploying a manifest would change, on `POST /v1/plans` (`datajax cp plan`; formatPlan prints it).
 *
 * @example
 * ```ts
 * import { CoordinatorClient, readDeployment, type PlanResponse } from "@datajax/control-plane";
 * const client = new CoordinatorClient("http://127.0.0.1:7077");
 * const p: PlanResponse = await client.plan((await readDeployment("deploy/v2/manifest.json")).manifest);
 * console.log(p.diff.changed, p.plan.buckets.length);
 * ```
 */
export interface PlanResponse {
  /** manifestDigest of the committed manifest, or null when nothing is deployed. */
  readonly from: string | null;
  /** manifestDigest of the manifest planned. */
  readonly to: string;
  /** The stage ids added, changed, removed and unchanged (diffManifests against the committed manifest). */
  readonly diff: { readonly [K in keyof ManifestDiff]: readonly string[] };
  /** What each registered worker would fetch. */
  readonly plan: TransferPlan;
  /** transferPlanDigest of `plan`. */
  readonly planDigest: string;
}

/**
 * What a worker learns when it syncs: the committed deployment and, if it must stage, the pending one.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, type SyncResponse } from "@datajax/control-plane";
 * const client = new CoordinatorClient("http://127.0.0.1:7077", process.env["DATAJAX_CP_TOKEN"]);
 * const s: SyncResponse = await client.sync("w1", "d1");
 * if (s.pending) console.log("stage " + s.pending.id + ": fetch " + s.pending.artifacts.length + " artifact(s)");
 * ```
 */
export interface SyncResponse {
  /** The committed deployment, or null before the first commit. */
  readonly current: {
    /** Deployment id. */
    readonly id: string;
    /** manifestDigest of its manifest. */
    readonly manifestDigest: string;
    /** Its manifest. */
    readonly manifest: Manifest;
  } | null;
  /** The pending deployment when this worker has yet to ack it, else null. */
  readonly pending: {
    /** Deployment id. */
    readonly id: string;
    /** The manifest being deployed. */
    readonly manifest: Manifest;
    /** The artifacts of this worker's transfer buckets. */
    readonly artifacts: readonly TransferArtifact[];
  } | null;
  /** Ids of the last 16 aborted deployments (their staged shadows can go). */
  readonly aborted: readonly string[];
}
