import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CoordinatorClient } from "../client/coordinator-client.js";
import { failpointActive } from "../failpoints.js";
import type { Manifest } from "../manifest/manifest.js";
import { manifestDigest } from "../manifest/manifest-digest.js";
import { ContentStore } from "../store/content-store.js";
import type { TransferArtifact } from "../plan/transfer-plan.js";

/**
 * What a worker runs: its current-manifest pointer (`current.json`), swapped atomically.
 *
 * @example
 * ```ts
 * import { readWorkerPointer, type WorkerPointer } from "@datajax/control-plane";
 * const pointer: WorkerPointer | undefined = await readWorkerPointer(".cache/datajax/cp-worker-w1");
 * console.log(pointer?.deploymentId, pointer?.manifest.stages.length);
 * ```
 */
export interface WorkerPointer {
  /** The committed deployment the worker runs ("d1", "d2", ...). */
  readonly deploymentId: string;
  /** manifestDigest of its manifest. */
  readonly manifestDigest: string;
  /** The manifest; every artifact it names is in the worker's store. */
  readonly manifest: Manifest;
}

/**
 * Options of a WorkerAgent (`datajax cp worker` passes its flags here).
 *
 * @example
 * ```ts
 * import { WorkerAgent, type WorkerOptions } from "@datajax/control-plane";
 * const options: WorkerOptions = { id: "w1", coordinator: "http://127.0.0.1:7077", token: "s3cret-token", dir: ".cache/datajax/cp-worker-w1", pollMs: 250 };
 * const agent = new WorkerAgent(options);
 * ```
 */
export interface WorkerOptions {
  /** The worker's id: 1-64 letters, digits, `.`, `_` or `-`, unique among the coordinator's workers. */
  readonly id: string;
  /** The coordinator's URL. */
  readonly coordinator: string;
  /** The coordinator's bearer token (workers register and ack). */
  readonly token: string;
  /** Holds the worker's store, its shadow area and its pointers. */
  readonly dir: string;
  /** Milliseconds between syncs (default 100). */
  readonly pollMs?: number;
  /** Receives one line per event (staged, acked, switched, sync failures); default silent. */
  readonly log?: (line: string) => void;
}

/** Writes `path` through a temporary file and a rename: readers see the old or the new content. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, text, { flush: true });
  await rename(temp, path);
}

/**
 * Reads a worker's current pointer from its folder (undefined before its first deployment).
 *
 * @example
 * ```ts
 * import { manifestDigest, readDeployment, readWorkerPointer } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v2/manifest.json");
 * const pointer = await readWorkerPointer(".cache/datajax/cp-worker-w1");
 * console.log(pointer?.manifestDigest === manifestDigest(manifest) ? "w1 runs v2" : "w1 does not run v2");
 * ```
 */
export async function readWorkerPointer(dir: string): Promise<WorkerPointer | undefined> {
  const text = await readFile(join(dir, "current.json"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as WorkerPointer);
}

/**
 * A worker agent: registers, then syncs with the coordinator every `pollMs`. For a pending
 * deployment it fetches the artifacts of its transfer buckets that its store lacks, verifying each
 * hash, records the manifest in its shadow area and acks (a failed check acks `ok: false`). When
 * the coordinator's committed deployment differs from its own it makes sure it holds every
 * artifact (fetching what it lacks: a restarted worker reconciles this way) and swaps `current.json`
 * atomically, keeping the old one as `previous.json`.
 *
 * @example
 * ```ts
 * import { WorkerAgent } from "@datajax/control-plane";
 * const agent = new WorkerAgent({ id: "w1", coordinator: "http://127.0.0.1:7077", token: "s3cret-token", dir: ".cache/datajax/cp-worker-w1" });
 * await agent.start(); // registers, then syncs in the background
 * process.once("SIGTERM", () => void agent.stop());
 * ```
 */
export class WorkerAgent {
  private readonly client: CoordinatorClient;
  private readonly store: ContentStore;
  private readonly acked = new Set<string>();
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.client = new CoordinatorClient(options.coordinator, options.token);
    this.store = new ContentStore(join(options.dir, "store"));
  }

  private log(line: string): void {
    this.options.log?.(`worker ${this.options.id}: ${line}`);
  }

  /** Registers with the coordinator (rejects when it cannot), then syncs every `pollMs` until stop. */
  async start(): Promise<void> {
    await mkdir(join(this.options.dir, "shadow"), { recursive: true });
    await this.client.register(this.options.id);
    this.log(`registered with ${this.options.coordinator}`);
    this.loop = this.run();
  }

  /** Stops syncing; resolves once the round in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.syncOnce();
      } catch (e) {
        this.log(`sync failed, retrying: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 100));
    }
  }

  /** One round: stage what is pending for it, switch to what is committed, drop aborted shadows. */
  async syncOnce(): Promise<void> {
    const mine = await readWorkerPointer(this.options.dir);
    const s = await this.client.sync(this.options.id, mine?.deploymentId ?? null);
    if (s.pending && !this.acked.has(s.pending.id)) await this.stage(s.pending.id, s.pending.manifest, s.pending.artifacts);
    if (s.current && s.current.id !== mine?.deploymentId) await this.switchTo(s.current.id, s.current.manifest, mine);
    for (const id of s.aborted) await rm(join(this.options.dir, "shadow", `${id}.json`), { force: true });
  }

  /** Fetches and verifies `hash` unless the store has it; false (with the reason) when verification fails. */
  private async fetchArtifact(a: Pick<TransferArtifact, "hash" | "stageId">): Promise<string | null> {
    if (await this.store.has(a.hash)) return null;
    const bytes = await this.client.getObject(a.hash);
    if (failpointActive("worker-corrupt-staged") && bytes.length > 0) bytes[0] = bytes[0]! ^ 0xff;
    try {
      await this.store.put(bytes, a.hash);
      return null;
    } catch (e) {
      return `artifact of stage ${a.stageId}: ${(e as Error).message}`;
    }
  }

  private async stage(id: string, manifest: Manifest, artifacts: readonly TransferArtifact[]): Promise<void> {
    for (const a of artifacts) {
      const problem = await this.fetchArtifact(a);
      if (problem) {
        this.log(`staging ${id} failed: ${problem}`);
        await this.client.ack(id, this.options.id, false, problem);
        this.acked.add(id);
        return;
      }
    }
    await writeAtomically(join(this.options.dir, "shadow", `${id}.json`), JSON.stringify(manifest));
    if (failpointActive("worker-exit-before-ack")) {
      this.log(`failpoint: exiting with ${id} staged, before the ack`);
      process.exit(9);
    }
    await this.client.ack(id, this.options.id, true);
    this.acked.add(id);
    this.log(`staged ${id} (${artifacts.length} artifacts fetched), acked`);
  }

  private async switchTo(id: string, manifest: Manifest, old: WorkerPointer | undefined): Promise<void> {
    for (const s of manifest.stages) {
      const problem = await this.fetchArtifact({ hash: s.hash, stageId: s.id });
      if (problem) throw new Error(`cannot switch to ${id}: ${problem}`);
    }
    if (old) await writeAtomically(join(this.options.dir, "previous.json"), JSON.stringify(old));
    const pointer: WorkerPointer = { deploymentId: id, manifestDigest: manifestDigest(manifest), manifest };
    await writeAtomically(join(this.options.dir, "current.json"), JSON.stringify(pointer));
    await rm(join(this.options.dir, "shadow", `${id}.json`), { force: true });
    this.log(`switched to ${id} (manifest ${pointer.manifestDigest.slice(0, 12)})`);
  }
}
