import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { KEPT_TABLES, type RankJob, type RankReply } from "./rank-worker.js";

type Pending = { worker: Worker; resolve: (r: Extract<RankReply, { batches: unknown }>) => void; reject: (e: Error) => void };

/** The error a worker thread's stage threw, with its name, message and the worker's stack. */
function workerError(e: { name: string; message: string; stack?: string }): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * What the worker threads import: this build's entry point (dist/index.js next to this file's
 * folder), or, running from the package's sources (as under a test runner), its built one.
 */
function entryPoint(): string {
  for (const relative of ["../index.js", "../../dist/index.js"]) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url.href;
  }
  throw new Error("backend-local: its worker threads need the built package (dist/index.js); build @datajax/backend-local first.");
}

/**
 * The workers' Node flags: the thread's own (Node's default) unless it resolves packages with
 * custom export conditions (a test runner resolving sources); then none, so that the workers load
 * the built package and its dependencies' built entry points. (Flags are not filtered one by one:
 * a worker refuses some, such as --expose-gc, when they are given explicitly.)
 */
function workerExecArgv(): { execArgv?: string[] } {
  const conditions = process.execArgv.some((a) => a === "--conditions" || a === "-C" || a.startsWith("--conditions="));
  return conditions ? { execArgv: [] } : {};
}

/**
 * Worker threads that run ranks of a stage (RankJob) for LocalBackend: started on first use, each
 * importing this package and serving jobs (serveRanks); idle, they do not keep the process alive.
 * A worker that dies (or is closed) fails its pending jobs and is replaced on the next job.
 */
export class RankThreads {
  private readonly workers: (Worker | null)[];
  /** Per worker, the ids of the tables it holds, oldest first (the worker keeps the same list). */
  private readonly held: number[][];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => null);
    this.held = Array.from({ length: count }, () => []);
  }

  /** Runs `job` (its id is assigned here) on worker `w` (0-based). */
  run(w: number, job: Omit<RankJob, "id">): Promise<Extract<RankReply, { batches: unknown }>> {
    const worker = this.worker(w);
    const id = this.nextId++;
    // A table the worker holds goes by its id alone.
    const held = this.held[w]!;
    const args = job.args.map((a) => {
      if (held.includes(a.tableId)) return { ...a, table: null };
      held.push(a.tableId);
      if (held.length > KEPT_TABLES) held.shift();
      return a;
    });
    job = { ...job, args };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.ref();
      worker.postMessage({ ...job, id } satisfies RankJob);
    });
  }

  private worker(w: number): Worker {
    const existing = this.workers[w];
    if (existing) return existing;
    this.held[w] = [];
    const worker = new Worker(`import(${JSON.stringify(entryPoint())}).then((m) => m.serveRanks());`, { eval: true, ...workerExecArgv() });
    worker.unref();
    worker.on("message", (reply: RankReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (![...this.pending.values()].some((q) => q.worker === worker)) worker.unref();
      if ("error" in reply) p.reject(workerError(reply.error));
      else p.resolve(reply);
    });
    const fail = (e: Error) => {
      if (this.workers[w] === worker) this.workers[w] = null;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.reject(new Error(`backend-local: worker thread ${w + 1} stopped (${e.message}) before its rank of the stage finished.`));
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    this.workers[w] = worker;
    return worker;
  }

  /** Stops every worker thread; jobs still running on one fail (see `fail`). */
  async close(): Promise<void> {
    const running = this.workers.filter((w): w is Worker => w !== null);
    this.workers.fill(null);
    await Promise.all(running.map((w) => w.terminate()));
  }
}
