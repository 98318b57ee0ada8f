import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { DataJaxError } from "@datajax/core-ir";
import { failpointActive } from "../failpoints.js";
import { diffManifests } from "../manifest/diff-manifests.js";
import type { Manifest } from "../manifest/manifest.js";
import { manifestDigest } from "../manifest/manifest-digest.js";
import { parseManifest } from "../manifest/parse-manifest.js";
import { DEFAULT_BUCKET_BYTES, planTransfer, transferPlanDigest } from "../plan/transfer-plan.js";
import { bearerTokenMatches } from "../protocol/bearer-token.js";
import { AckRequest, DeployRequest, GcRequest, RegisterRequest, type CoordinatorStatus, type DeploymentSummary, type PlanResponse, type SyncResponse } from "../protocol/messages.js";
import { ContentStore, HashMismatchError } from "../store/content-store.js";
import { CoordinatorState, type Deployment } from "./coordinator-state.js";
import { Journal, type JournalRecord } from "./journal.js";

/**
 * Options of Coordinator.start (`datajax cp serve` passes its flags here).
 *
 * @example
 * ```ts
 * import { Coordinator, type CoordinatorOptions } from "@datajax/control-plane";
 * const options: CoordinatorOptions = { dir: ".cache/datajax/cp-coordinator", token: "s3cret-token", port: 7077, ackTimeoutMs: 10_000, log: console.log };
 * const coordinator = await Coordinator.start(options);
 * ```
 */
export interface CoordinatorOptions {
  /** Holds the journal and the content store; a restarted coordinator resumes from it. */
  readonly dir: string;
  /** The bearer token mutating calls must carry; at least 8 characters. */
  readonly token: string;
  /** Interface to listen on (default "127.0.0.1"). */
  readonly host?: string;
  /** Port to listen on (default 0: any free port; see Coordinator.url). */
  readonly port?: number;
  /** How long workers have to stage and ack a deployment before it aborts. Default 30 s. */
  readonly ackTimeoutMs?: number;
  /** Bucket size of transfer plans (default DEFAULT_BUCKET_BYTES, 64 MiB). */
  readonly bucketBytes?: number;
  /** Receives one line per event (registrations, acks, commits, aborts); default silent. */
  readonly log?: (line: string) => void;
}

/** An HTTP failure with the status to send and a message that says what to do. */
class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const MAX_BODY = 512 * 2 ** 20;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "the request body is not JSON");
  }
}

function parse<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, r.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
  return r.data;
}

/**
 * The coordinator: an HTTP service over a journal and a content store. Deployments go
 * begin → every registered worker stages its transfer buckets and acks → commit (journaled) →
 * workers swap their current-manifest pointer. A failed or missing ack aborts. Mutating calls
 * need the bearer token. Every state change is journaled before it takes effect, so a restarted
 * coordinator completes or aborts the deployment it was running.
 *
 * @example
 * ```ts
 * import { Coordinator, CoordinatorClient } from "@datajax/control-plane";
 * const coordinator = await Coordinator.start({ dir: ".cache/datajax/cp-coordinator", token: "s3cret-token" });
 * const client = new CoordinatorClient(coordinator.url, "s3cret-token");
 * console.log((await client.status()).current); // null before the first commit
 * await coordinator.close();
 * ```
 */
export class Coordinator {
  private readonly state = new CoordinatorState();
  private readonly seen = new Map<string, { lastSeen: number; current: string | null }>();
  private timer: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private deciding: Promise<void> = Promise.resolve();
  /** The artifacts it serves to workers (`dir/store`). */
  readonly store: ContentStore;

  private constructor(private readonly options: CoordinatorOptions, private readonly journal: Journal, records: readonly JournalRecord[]) {
    this.store = new ContentStore(join(options.dir, "store"));
    for (const r of records) this.state.apply(r);
  }

  /**
   * Replays the journal in `options.dir`, settles a deployment it left pending when the acks or
   * the deadline allow, and listens (writing its URL to `dir/coordinator-url`). Throws a DataJaxError
   * with code `DJX_WEAK_TOKEN` for a token shorter than 8 characters.
   */
  static async start(options: CoordinatorOptions): Promise<Coordinator> {
    if (options.token.length < 8) throw new DataJaxError("DJX_WEAK_TOKEN", "the coordinator's token must be at least 8 characters (pass --token or DATAJAX_CP_TOKEN).");
    await mkdir(options.dir, { recursive: true });
    const { journal, records } = await Journal.open(join(options.dir, "journal.jsonl"));
    const c = new Coordinator(options, journal, records);
    if (c.state.pending) c.log(`resuming ${c.state.pending.id} from the journal (${c.state.pending.acks.size}/${c.state.pending.workers.length} acks)`);
    await c.decide();
    await c.listen();
    return c;
  }

  /** Where it listens, e.g. `http://127.0.0.1:7077`. */
  get url(): string {
    const a = this.server!.address() as AddressInfo;
    return `http://${a.address}:${a.port}`;
  }

  private log(line: string): void {
    this.options.log?.(`coordinator: ${line}`);
  }

  private async record(r: JournalRecord): Promise<void> {
    await this.journal.append(r);
    this.state.apply(r);
  }

  /** Commits or aborts the pending deployment when its acks (or its deadline) say so. */
  private decide(): Promise<void> {
    this.deciding = this.deciding.then(async () => {
      const p = this.state.pending;
      clearTimeout(this.timer);
      if (!p) return;
      const v = this.state.verdict(Date.now());
      if (v.action === "commit") {
        if (failpointActive("coordinator-exit-before-commit")) {
          this.log(`failpoint: exiting with every ack of ${p.id} journaled, before the commit`);
          process.exit(7);
        }
        await this.record({ type: "commit", id: p.id });
        this.log(`committed ${p.id} (${p.manifest.deployment}, manifest ${manifestDigest(p.manifest).slice(0, 12)})`);
      } else if (v.action === "abort") {
        await this.record({ type: "abort", id: p.id, reason: v.reason });
        this.log(`aborted ${p.id}: ${v.reason}`);
      } else {
        this.timer = setTimeout(() => void this.decide(), Math.max(0, p.deadline - Date.now()) + 5);
        this.timer.unref();
      }
    });
    return this.deciding;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok, fail) => {
      this.server!.once("error", fail);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => ok());
    });
    await writeFile(join(this.options.dir, "coordinator-url"), this.url);
    this.log(`listening on ${this.url}`);
  }

  /** Stops listening, waits for a decision in progress and closes the journal. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
    this.server?.closeAllConnections();
    await this.deciding;
    await this.journal.close();
  }

  private requireToken(req: IncomingMessage): void {
    if (!bearerTokenMatches(req.headers.authorization, this.options.token)) {
      throw new HttpError(401, "this call changes the coordinator's state and needs its token: send `Authorization: Bearer <token>` (the --token the coordinator was started with)");
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
    };
    try {
      const route = `${req.method} ${url.pathname}`;
      const object = /^\/v1\/objects\/([0-9a-f]{64})$/.exec(url.pathname);
      const ack = /^\/v1\/deployments\/([A-Za-z0-9-]+)\/acks$/.exec(url.pathname);
      if (route === "GET /v1/status") return send(200, await this.status());
      if (route === "GET /v1/sync") return send(200, this.sync(url.searchParams.get("worker") ?? "", url.searchParams.get("current")));
      if (route === "POST /v1/plans") return send(200, this.plan(parseManifestBody(await readJson(req))));
      if (object && req.method === "GET") {
        const bytes = await this.store.get(object[1]!);
        if (!bytes) throw new HttpError(404, `no object ${object[1]} in the coordinator's store; upload it (datajax cp commit uploads a manifest's artifacts)`);
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.byteLength }).end(bytes);
        return;
      }
      // Everything below changes state.
      this.requireToken(req);
      if (object && req.method === "PUT") {
        const bytes = await readBody(req);
        try {
          await this.store.put(bytes, object[1]!);
        } catch (e) {
          if (e instanceof HashMismatchError) throw new HttpError(422, e.message);
          throw e;
        }
        return send(201, { hash: object[1], bytes: bytes.byteLength });
      }
      if (route === "POST /v1/workers") {
        const { worker } = parse(RegisterRequest, await readJson(req));
        if (!this.state.workers.includes(worker)) {
          await this.record({ type: "register", worker });
          this.log(`registered worker ${worker}`);
        }
        return send(200, { workers: this.state.workers });
      }
      if (route === "POST /v1/deployments") return send(201, await this.begin(parseManifestBody(await readJson(req)), false));
      if (route === "POST /v1/rollback") {
        const previous = this.state.previous;
        if (!previous) throw new HttpError(409, "there is no previous manifest to roll back to (one deployment has committed at most)");
        return send(201, await this.begin(previous.manifest, true));
      }
      if (ack && req.method === "POST") {
        const body = parse(AckRequest, await readJson(req));
        const p = this.state.pending;
        if (!p || p.id !== ack[1]) throw new HttpError(409, `deployment ${ack[1]} is not pending (it committed, aborted, or never began)`);
        if (!p.workers.includes(body.worker)) throw new HttpError(409, `worker ${body.worker} is not part of ${p.id}`);
        await this.record(body.error === undefined ? { type: "ack", id: p.id, worker: body.worker, ok: body.ok } : { type: "ack", id: p.id, worker: body.worker, ok: body.ok, error: body.error });
        this.log(`${body.ok ? "ack" : "FAILED ack"} from ${body.worker} for ${p.id}${body.error ? `: ${body.error}` : ""}`);
        await this.decide();
        return send(200, { ok: true });
      }
      if (route === "POST /v1/gc") {
        const { graceMs } = parse(GcRequest, await readJson(req));
        const referenced = new Set<string>();
        for (const m of [this.state.current?.manifest, this.state.previous?.manifest, this.state.pending?.manifest]) for (const s of m?.stages ?? []) referenced.add(s.hash);
        const r = await this.store.gc(referenced, graceMs);
        this.log(`gc removed ${r.removed.length} objects (${r.bytes} bytes)`);
        return send(200, r);
      }
      throw new HttpError(404, `no route ${route}`);
    } catch (e) {
      if (e instanceof HttpError) return send(e.status, { error: e.message });
      if (e instanceof DataJaxError) return send(400, { error: e.message, code: e.code });
      this.log(`internal error: ${(e as Error).stack ?? String(e)}`);
      return send(500, { error: (e as Error).message });
    }
  }

  private plan(manifest: Manifest): PlanResponse {
    const previous = this.state.current?.manifest ?? null;
    const d = previous ? diffManifests(previous, manifest) : { added: manifest.stages, changed: [], removed: [], unchanged: [] };
    const plan = planTransfer(previous, manifest, this.state.workers, this.options.bucketBytes ?? DEFAULT_BUCKET_BYTES);
    return {
      from: previous ? manifestDigest(previous) : null,
      to: manifestDigest(manifest),
      diff: { added: d.added.map((s) => s.id), changed: d.changed.map((c) => c.next.id), removed: d.removed.map((s) => s.id), unchanged: d.unchanged.map((s) => s.id) },
      plan,
      planDigest: transferPlanDigest(plan),
    };
  }

  private async begin(manifest: Manifest, rollback: boolean): Promise<DeploymentSummary> {
    await this.deciding;
    if (this.state.pending) throw new HttpError(409, `deployment ${this.state.pending.id} is still staging; wait for it to commit or abort (datajax cp status)`);
    if (this.state.workers.length === 0) throw new HttpError(409, "no worker is registered: start workers (datajax cp worker) before deploying");
    const missing: string[] = [];
    for (const s of manifest.stages) if (!(await this.store.has(s.hash))) missing.push(`${s.id} (${s.hash.slice(0, 12)})`);
    if (missing.length > 0) throw new HttpError(409, `the store lacks the artifacts of ${missing.join(", ")}; upload them first (PUT /v1/objects/<hash>)`);
    const id = `d${this.state.begun + 1}`;
    const plan = planTransfer(this.state.current?.manifest ?? null, manifest, this.state.workers, this.options.bucketBytes ?? DEFAULT_BUCKET_BYTES);
    const deadline = Date.now() + (this.options.ackTimeoutMs ?? 30_000);
    await this.record({ type: "begin", id, manifest, plan, workers: [...this.state.workers], deadline, rollback });
    this.log(`began ${id}${rollback ? " (rollback)" : ""}: ${plan.buckets.reduce((n, b) => n + b.bytes, 0)} bytes to ${plan.workers.length} workers`);
    await this.decide();
    return summary(this.state.pending ?? { id, manifest, plan, workers: plan.workers, deadline, rollback, acks: new Map() });
  }

  private sync(worker: string, current: string | null): SyncResponse {
    if (worker) this.seen.set(worker, { lastSeen: Date.now(), current: current || null });
    const c = this.state.current;
    const p = this.state.pending;
    const mine = p?.workers.includes(worker) && !p.acks.has(worker) ? p : null;
    return {
      current: c ? { id: c.id, manifestDigest: manifestDigest(c.manifest), manifest: c.manifest } : null,
      pending: mine ? { id: mine.id, manifest: mine.manifest, artifacts: mine.plan.buckets.filter((b) => b.worker === worker).flatMap((b) => b.artifacts) } : null,
      aborted: this.state.history.filter((h) => h.outcome === "aborted").slice(-16).map((h) => h.id),
    };
  }

  private async status(): Promise<CoordinatorStatus> {
    const s = this.state;
    return {
      current: s.current ? { id: s.current.id, deployment: s.current.manifest.deployment, manifestDigest: manifestDigest(s.current.manifest), stages: s.current.manifest.stages.length } : null,
      previous: s.previous ? { id: s.previous.id, manifestDigest: manifestDigest(s.previous.manifest) } : null,
      pending: s.pending ? summary(s.pending) : null,
      workers: s.workers.map((id) => ({ id, lastSeen: this.seen.get(id)?.lastSeen ?? null, current: this.seen.get(id)?.current ?? null })),
      history: s.history.slice(-20),
      store: await this.store.stats(),
    };
  }
}

function parseManifestBody(body: unknown): Manifest {
  const { manifest } = parse(DeployRequest, body);
  return parseManifest(manifest);
}

function summary(p: Deployment): DeploymentSummary {
  return {
    id: p.id, phase: "staging", deployment: p.manifest.deployment, manifestDigest: manifestDigest(p.manifest), planDigest: transferPlanDigest(p.plan),
    workers: p.workers, acked: [...p.acks.keys()], deadline: p.deadline, rollback: p.rollback,
  };
}
