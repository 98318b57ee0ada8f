import type { Manifest } from "../manifest/manifest.js";
import type { TransferPlan } from "../plan/transfer-plan.js";
import type { JournalRecord } from "./journal.js";

/**
 * The coordinator's record of the deployment it is staging (its journal, folded); clients see it
 * as a DeploymentSummary.
 *
 * @example
 * ```ts
 * import type { Deployment } from "@datajax/control-plane";
 * const missingAcks = (d: Deployment): string[] => d.workers.filter((w) => !d.acks.has(w));
 * ```
 */
export interface Deployment {
  /** Deployment id: "d1", "d2", ... in the order they began. */
  readonly id: string;
  /** The manifest being deployed. */
  readonly manifest: Manifest;
  /** What each worker fetches. */
  readonly plan: TransferPlan;
  /** The workers registered when it began: each must ack before it commits. */
  readonly workers: readonly string[];
  /** When it aborts unless every worker acked (ms since the epoch). */
  readonly deadline: number;
  /** Whether it redeploys the previous manifest (`datajax cp rollback`). */
  readonly rollback: boolean;
  /** The acks received so far, by worker. */
  readonly acks: Map<string, {
    /** Whether the worker staged every artifact and verified it. */
    readonly ok: boolean;
    /** Why staging failed, when `ok` is false. */
    readonly error?: string;
  }>;
}

/**
 * How a deployment ended; the coordinator's status lists the recent ones in `history`.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, type Outcome } from "@datajax/control-plane";
 * const client = new CoordinatorClient("http://127.0.0.1:7077");
 * const outcome: Outcome = await client.waitForOutcome("d2");
 * if (outcome.outcome === "aborted") console.error(outcome.reason);
 * ```
 */
export interface Outcome {
  /** The deployment id ("d1", "d2", ...). */
  readonly id: string;
  /** Committed (every worker switched to it) or aborted (none did). */
  readonly outcome: "committed" | "aborted";
  /** Why it aborted (a failed ack, or the deadline passing). */
  readonly reason?: string;
}

/** What the journal says, folded: the coordinator's whole durable state. */
export class CoordinatorState {
  readonly workers: string[] = [];
  current: { readonly id: string; readonly manifest: Manifest } | null = null;
  previous: { readonly id: string; readonly manifest: Manifest } | null = null;
  pending: Deployment | null = null;
  readonly history: Outcome[] = [];
  begun = 0;

  apply(r: JournalRecord): void {
    switch (r.type) {
      case "register":
        if (!this.workers.includes(r.worker)) this.workers.push(r.worker);
        return;
      case "begin":
        this.begun++;
        this.pending = { id: r.id, manifest: r.manifest, plan: r.plan, workers: r.workers, deadline: r.deadline, rollback: r.rollback, acks: new Map() };
        return;
      case "ack":
        if (this.pending?.id === r.id && !this.pending.acks.has(r.worker)) this.pending.acks.set(r.worker, r.error === undefined ? { ok: r.ok } : { ok: r.ok, error: r.error });
        return;
      case "commit":
        if (this.pending?.id !== r.id) return;
        this.previous = this.current;
        this.current = { id: r.id, manifest: this.pending.manifest };
        this.pending = null;
        this.history.push({ id: r.id, outcome: "committed" });
        return;
      case "abort":
        if (this.pending?.id !== r.id) return;
        this.pending = null;
        this.history.push({ id: r.id, outcome: "aborted", reason: r.reason });
        return;
    }
  }

  /** What the pending deployment needs next: commit (every worker acked), abort (a failure), or wait. */
  verdict(now: number): { readonly action: "commit" } | { readonly action: "abort"; readonly reason: string } | { readonly action: "wait" } {
    const p = this.pending;
    if (!p) return { action: "wait" };
    const failed = [...p.acks].filter(([, a]) => !a.ok);
    if (failed.length > 0) return { action: "abort", reason: failed.map(([w, a]) => `worker ${w} failed to stage: ${a.error ?? "unknown error"}`).join("; ") };
    const missing = p.workers.filter((w) => !p.acks.has(w));
    if (missing.length === 0) return { action: "commit" };
    if (now >= p.deadline) return { action: "abort", reason: `timeout: no precommit ack from ${missing.join(", ")} before the deadline` };
    return { action: "wait" };
  }
}
