import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Expr, FilterNode, planHash, ScanNode, field, schema, t, type StageGraph } from "@datajax/core-ir";
import { CoordinatorClient, manifestDigest, readDeployment, readWorkerPointer, writeDeployment, type Manifest, type Outcome, type WorkerPointer } from "../../src/index.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const repoRoot = join(packageRoot, "..", "..");
export const CLI = join(packageRoot, "dist", "cli.js");
export const TOKEN = "test-token-0123456789";

/** Builds this package and what it depends on (nx cache: cheap when nothing changed), so processes run the current code. */
export function buildControlPlane(): void {
  execFileSync("pnpm", ["exec", "nx", "run", "@datajax/control-plane:build", "--outputStyle=static"], { cwd: repoRoot, env: { ...process.env, NX_DAEMON: "false" }, stdio: "pipe" });
}

export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A child process of the control-plane CLI, with its output lines. */
export class CliProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  constructor(readonly name: string, readonly child: ChildProcess) {
    let partial = "";
    const onData = (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split("\n");
      partial = parts.pop()!;
      this.lines.push(...parts);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    this.exited = new Promise((ok) => child.once("exit", (code) => ok(code)));
  }

  static start(name: string, args: readonly string[], env: Record<string, string> = {}): CliProcess {
    return new CliProcess(name, spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATAJAX_CP_TOKEN: TOKEN, ...env }, stdio: ["ignore", "pipe", "pipe"] }));
  }

  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find((l) => pattern.test(l));
      if (hit) return hit;
      if (this.child.exitCode !== null || Date.now() > until) throw new Error(`${this.name}: no line matching ${pattern} (exit ${this.child.exitCode}); output:\n${this.lines.join("\n")}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
    await this.exited;
  }
}

/** Polls until `check` holds; fails with `describe()` after the timeout. */
export async function eventually(check: () => Promise<boolean>, describe: () => Promise<string>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function pointers(dirs: readonly string[]): Promise<(WorkerPointer | undefined)[]> {
  return Promise.all(dirs.map(readWorkerPointer));
}

/** A one-stage graph: a filter over a taxi-like scan (the threshold makes distinct content). */
export function filterStage(threshold: number): StageGraph {
  const trips = schema([field("fare_amount", t.float64), field("PULocationID", t.int32, false)]);
  const scan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, trips);
  const plan = FilterNode.create(scan, Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(threshold, t.float64)]));
  return { stages: [{ id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) }], output: "s0" };
}

export const TARGET = { backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.1.0" } as const;


/** A coordinator and N workers as real processes on loopback, each with its own folder. */
export class Cluster {
  coordinator!: CliProcess;
  readonly workers: CliProcess[] = [];
  readonly workerDirs: string[];
  readonly coordinatorDir: string;
  readonly client: CoordinatorClient;

  private constructor(readonly root: string, readonly port: number, readonly ackTimeoutMs: number, readonly size: number) {
    this.coordinatorDir = join(root, "coordinator");
    this.workerDirs = Array.from({ length: size }, (_w, i) => join(root, `w${i + 1}`));
    this.client = new CoordinatorClient(this.url, TOKEN);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(root: string, options: { readonly workers?: number; readonly ackTimeoutMs?: number } = {}): Promise<Cluster> {
    const c = new Cluster(root, await freePort(), options.ackTimeoutMs ?? 10_000, options.workers ?? 3);
    await c.startCoordinator();
    for (let i = 0; i < c.size; i++) c.workers.push(await c.startWorker(i));
    return c;
  }

  async startCoordinator(env: Record<string, string> = {}): Promise<void> {
    this.coordinator = CliProcess.start("coordinator", ["serve", "--dir", this.coordinatorDir, "--port", String(this.port), "--ack-timeout-ms", String(this.ackTimeoutMs)], env);
    await this.coordinator.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
  }

  async startWorker(i: number, env: Record<string, string> = {}): Promise<CliProcess> {
    const w = CliProcess.start(`w${i + 1}`, ["worker", "--id", `w${i + 1}`, "--dir", this.workerDirs[i]!, "--coordinator", this.url, "--poll-ms", "50"], env);
    await w.waitFor(/registered with/);
    return w;
  }

  async restartWorker(i: number, env: Record<string, string> = {}): Promise<void> {
    await this.workers[i]!.stop();
    this.workers[i] = await this.startWorker(i, env);
  }

  /** Uploads a deployment's artifacts, begins it, and waits for its outcome. */
  async deploy(manifestPath: string): Promise<Outcome> {
    const { manifest, artifacts } = await readDeployment(manifestPath);
    for (const [hash, bytes] of artifacts) await this.client.putObject(hash, bytes);
    const begun = await this.client.begin(manifest);
    return this.client.waitForOutcome(begun.id, 30_000);
  }

  /** Waits until every worker's current pointer is `manifest`. */
  async allOn(manifest: Manifest): Promise<void> {
    const want = manifestDigest(manifest);
    await eventually(
      async () => (await pointers(this.workerDirs)).every((p) => p?.manifestDigest === want),
      async () => `workers on ${JSON.stringify((await pointers(this.workerDirs)).map((p) => p?.deploymentId ?? null))}, want ${want.slice(0, 12)}`,
    );
  }

  async digests(): Promise<(string | null)[]> {
    return (await pointers(this.workerDirs)).map((p) => p?.manifestDigest ?? null);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.stop()), this.coordinator.stop()]);
  }
}

/** Two deployments of three one-stage pipelines; the second changes only `zones`. */
export async function twoDeployments(root: string): Promise<{ v1: Manifest; v2: Manifest; v1Path: string; v2Path: string }> {
  const v1Path = join(root, "v1", "manifest.json");
  const v2Path = join(root, "v2", "manifest.json");
  const v1 = await writeDeployment(join(root, "v1"), "taxi", { featurize: filterStage(0), zones: filterStage(10), daily: filterStage(20) }, TARGET);
  const v2 = await writeDeployment(join(root, "v2"), "taxi", { featurize: filterStage(0), zones: filterStage(15), daily: filterStage(20) }, TARGET);
  return { v1, v2, v1Path, v2Path };
}
