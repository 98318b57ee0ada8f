import type { Manifest } from "../manifest/manifest.js";
import type { TransferPlan } from "../plan/transfer-plan.js";
import type { JournalRecord } from "./journal.js";

export interface Deployment {
  readonly id: string;
  readonly manifest: Manifest;
  readonly plan: TransferPlan;
  /** The workers registered when it began: each must ack before it commits. */
  readonly workers: readonly string[];
  readonly deadline: number;
  readonly rollback: boolean;
  readonly acks: Map<string, { readonly ok: boolean; readonly error?: string }>;
}

export interface Outcome {
  readonly id: string;
  readonly outcome: "committed" | "aborted";
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
