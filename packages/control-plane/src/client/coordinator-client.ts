import { DataJaxError } from "@datajax/core-ir";
import type { Manifest } from "../manifest/manifest.js";
import type { Outcome } from "../coordinator/coordinator-state.js";
import type { CoordinatorStatus, DeploymentSummary, PlanResponse, SyncResponse } from "../protocol/messages.js";

/** The coordinator answered with an error (its message says what to do), or could not be reached. */
export class CoordinatorRequestError extends DataJaxError {
  constructor(readonly status: number, message: string) {
    super("DJX_COORDINATOR_REQUEST", message);
  }
}

/** Typed calls to a coordinator's HTTP API (loopback in tests, any URL in a deployment). */
export class CoordinatorClient {
  constructor(readonly url: string, private readonly token?: string) {}

  private async call(method: string, path: string, body?: unknown, raw?: Uint8Array): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers["authorization"] = `Bearer ${this.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { method, headers, ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (e) {
      throw new CoordinatorRequestError(0, `cannot reach the coordinator at ${this.url} (${(e as Error).message}); is \`datajax cp serve\` running there?`);
    }
    if (!res.ok) {
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new CoordinatorRequestError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return res;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.call(method, path, body)).json()) as T;
  }

  status(): Promise<CoordinatorStatus> {
    return this.json("GET", "/v1/status");
  }
  register(worker: string): Promise<{ workers: string[] }> {
    return this.json("POST", "/v1/workers", { worker });
  }
  async putObject(hash: string, bytes: Uint8Array): Promise<void> {
    await this.call("PUT", `/v1/objects/${hash}`, undefined, bytes);
  }
  async getObject(hash: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.call("GET", `/v1/objects/${hash}`)).arrayBuffer());
  }
  plan(manifest: Manifest): Promise<PlanResponse> {
    return this.json("POST", "/v1/plans", { manifest });
  }
  begin(manifest: Manifest): Promise<DeploymentSummary> {
    return this.json("POST", "/v1/deployments", { manifest });
  }
  rollback(): Promise<DeploymentSummary> {
    return this.json("POST", "/v1/rollback");
  }
  ack(id: string, worker: string, ok: boolean, error?: string): Promise<{ ok: true }> {
    return this.json("POST", `/v1/deployments/${id}/acks`, error === undefined ? { worker, ok } : { worker, ok, error });
  }
  gc(graceMs: number): Promise<{ removed: string[]; bytes: number }> {
    return this.json("POST", "/v1/gc", { graceMs });
  }
  sync(worker: string, current: string | null): Promise<SyncResponse> {
    return this.json("GET", `/v1/sync?worker=${encodeURIComponent(worker)}${current ? `&current=${encodeURIComponent(current)}` : ""}`);
  }

  /** Polls until deployment `id` committed or aborted; rejects after `timeoutMs`. */
  async waitForOutcome(id: string, timeoutMs = 60_000, pollMs = 100): Promise<Outcome> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.status();
      const done = s.history.find((h) => h.id === id);
      if (done) return done;
      if (Date.now() > until) throw new CoordinatorRequestError(0, `deployment ${id} neither committed nor aborted within ${timeoutMs} ms (pending: ${JSON.stringify(s.pending)})`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
