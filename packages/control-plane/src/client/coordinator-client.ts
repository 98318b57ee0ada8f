import { DataJaxError } from "@datajax/core-ir";
import type { Manifest } from "../manifest/manifest.js";
import type { Outcome } from "../coordinator/coordinator-state.js";
import type { CoordinatorStatus, DeploymentSummary, PlanResponse, SyncResponse } from "../protocol/messages.js";

/**
 * The coordinator answered with an error (its message says what to do), or could not be reached
 * (`status` 0; also for waitForOutcome's timeout). Code `DJX_COORDINATOR_REQUEST`.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, CoordinatorRequestError } from "@datajax/control-plane";
 * const client = new CoordinatorClient("http://127.0.0.1:7077"); // no token
 * await client.rollback().catch((err: unknown) => {
 *   if (err instanceof CoordinatorRequestError && err.status === 401) console.error("pass the coordinator's token");
 *   else throw err;
 * });
 * ```
 */
export class CoordinatorRequestError extends DataJaxError {
  constructor(
    /** The HTTP status the coordinator answered with; 0 when there was no answer. */
    readonly status: number,
    message: string,
  ) {
    super("DJX_COORDINATOR_REQUEST", message);
  }
}

/**
 * Typed calls to a coordinator's HTTP API (loopback in tests, any URL in a deployment). Calls that
 * change its state need the token; every failure is a CoordinatorRequestError.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, readDeployment } from "@datajax/control-plane";
 * const client = new CoordinatorClient("http://127.0.0.1:7077", process.env["DATAJAX_CP_TOKEN"]);
 * const { manifest, artifacts } = await readDeployment("deploy/v2/manifest.json");
 * for (const [hash, bytes] of artifacts) await client.putObject(hash, bytes);
 * const begun = await client.begin(manifest);
 * console.log((await client.waitForOutcome(begun.id)).outcome); // "committed" or "aborted"
 * ```
 */
export class CoordinatorClient {
  constructor(
    /** The coordinator's base URL, e.g. `http://127.0.0.1:7077`. */
    readonly url: string,
    private readonly token?: string,
  ) {}

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

  /** The committed, previous and pending deployments, the workers, recent outcomes and store counters. */
  status(): Promise<CoordinatorStatus> {
    return this.json("GET", "/v1/status");
  }
  /** Registers a worker (idempotent); resolves to every registered worker. Needs the token. */
  register(worker: string): Promise<{
    /** Every worker registered with the coordinator. */
    workers: string[];
  }> {
    return this.json("POST", "/v1/workers", { worker });
  }
  /** Uploads an artifact to the coordinator's store; refused (422) when `bytes` do not hash to `hash`. Needs the token. */
  async putObject(hash: string, bytes: Uint8Array): Promise<void> {
    await this.call("PUT", `/v1/objects/${hash}`, undefined, bytes);
  }
  /** Downloads an artifact from the coordinator's store (404 when it lacks it). */
  async getObject(hash: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.call("GET", `/v1/objects/${hash}`)).arrayBuffer());
  }
  /** What deploying `manifest` would change and move, per worker; changes nothing. */
  plan(manifest: Manifest): Promise<PlanResponse> {
    return this.json("POST", "/v1/plans", { manifest });
  }
  /** Begins deploying `manifest` (its artifacts must be uploaded first); see waitForOutcome. Needs the token. */
  begin(manifest: Manifest): Promise<DeploymentSummary> {
    return this.json("POST", "/v1/deployments", { manifest });
  }
  /** Begins deploying the previous committed manifest again (409 when there is none). Needs the token. */
  rollback(): Promise<DeploymentSummary> {
    return this.json("POST", "/v1/rollback");
  }
  /** A worker's precommit ack for pending deployment `id`: `ok` false (with `error`) aborts it. Needs the token. */
  ack(id: string, worker: string, ok: boolean, error?: string): Promise<{
    /** Always true: the ack was journaled. */
    ok: true;
  }> {
    return this.json("POST", `/v1/deployments/${id}/acks`, error === undefined ? { worker, ok } : { worker, ok, error });
  }
  /** Removes store objects no current, previous or pending manifest references, once older than `graceMs`. Needs the token. */
  gc(graceMs: number): Promise<{
    /** Hashes of the removed objects. */
    removed: string[];
    /** Bytes freed. */
    bytes: number;
  }> {
    return this.json("POST", "/v1/gc", { graceMs });
  }
  /** What `worker` (running deployment `current`) must do: stage a pending deployment, switch to the committed one. */
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
