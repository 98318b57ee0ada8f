import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { manifestDigest, readDeployment } from "../src/index.js";
import { CLI, Cluster, buildControlPlane, scratch, TOKEN, twoDeployments } from "./support/cluster.js";

// A coordinator and three workers as real processes on loopback (`datajax-cp serve|worker`),
// deploying real stage artifacts through the plan/commit protocol.
beforeAll(() => buildControlPlane(), 120_000);

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function cluster(options: { ackTimeoutMs?: number } = {}) {
  const tmp = scratch("djx-cp-");
  const c = await Cluster.start(tmp.dir, options);
  cleanup.push(async () => {
    await c.stop();
    tmp.remove();
  });
  return { c, ...(await twoDeployments(tmp.dir)) };
}

/** Runs the CLI to completion (as a person would), returning its exit code and output. */
function cli(c: Cluster, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, "--coordinator", c.url], { env: { ...process.env, DATAJAX_CP_TOKEN: TOKEN }, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("deploying to three workers", () => {
  it("moves only the changed stage's bytes, ends every worker on the new manifest, and rolls back in one command", async () => {
    const { c, v1, v2, v1Path, v2Path } = await cluster();
    expect(await c.deploy(v1Path)).toMatchObject({ outcome: "committed" });
    await c.allOn(v1);
    const servedBefore = (await c.client.status()).store.bytesRead;
    expect(servedBefore).toBe(3 * v1.stages.reduce((n, s) => n + s.bytes, 0));

    const plan = cli(c, "plan", v2Path);
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/changed\s+zones\/s0/);
    expect(plan.out).toMatch(/unchanged 2 stage\(s\)/);
    for (const w of ["w1", "w2", "w3"]) expect(plan.out).toMatch(new RegExp(`worker ${w}: 1 bucket\\(s\\), 1 artifact\\(s\\)`));

    const commit = cli(c, "commit", v2Path);
    expect(commit.out).toMatch(/deployment d2 committed/);
    expect(commit.code).toBe(0);
    await c.allOn(v2);
    const zones = v2.stages.find((s) => s.id === "zones/s0")!;
    expect((await c.client.status()).store.bytesRead - servedBefore).toBe(3 * zones.bytes);

    const servedBeforeRollback = (await c.client.status()).store.bytesRead;
    const rollback = cli(c, "rollback");
    expect(rollback.out).toMatch(/rolled back: d3 committed the previous manifest/);
    await c.allOn(v1);
    expect((await c.client.status()).store.bytesRead).toBe(servedBeforeRollback); // every worker still had v1's artifacts

    const status = cli(c, "status");
    expect(status.out).toMatch(/current:\s+d3 taxi \(3 stages/);
    expect(status.out).toMatch(/w1: runs d3/);
    const json = JSON.parse(cli(c, "status", "--json").out) as { history: { id: string; outcome: string }[] };
    expect(json.history.map((h) => [h.id, h.outcome])).toEqual([["d1", "committed"], ["d2", "committed"], ["d3", "committed"]]);
  });

  it("a worker whose folder is lost reconciles to the current manifest when it comes back", async () => {
    const { c, v1, v1Path } = await cluster();
    await c.deploy(v1Path);
    await c.allOn(v1);
    await c.workers[1]!.stop();
    rmSync(c.workerDirs[1]!, { recursive: true, force: true });
    c.workers[1] = await c.startWorker(1);
    await c.allOn(v1);
  });
});

describe("faults: after each, every worker runs exactly the old or the new manifest", () => {
  it("a worker that dies before its ack: the deployment aborts at its deadline and no worker switches", async () => {
    const { c, v1, v1Path, v2Path } = await cluster({ ackTimeoutMs: 3_000 });
    await c.deploy(v1Path);
    await c.allOn(v1);
    await c.restartWorker(2, { DJX_CP_FAULT: "worker-exit-before-ack" });
    const r = await c.deploy(v2Path);
    expect(r.outcome).toBe("aborted");
    expect(r.reason).toMatch(/^timeout: no precommit ack from (w\d, )*w3 before the deadline$/);
    expect(await c.workers[2]!.exited).toBe(9);
    await new Promise((ok) => setTimeout(ok, 300)); // give the others several polls to (wrongly) switch
    expect(await c.digests()).toEqual([manifestDigest(v1), manifestDigest(v1), manifestDigest(v1)]);
  });

  it("the coordinator dies between the last ack and the commit: restarted, it completes the deployment from its journal", async () => {
    const { c, v1, v2, v1Path, v2Path } = await cluster();
    await c.deploy(v1Path);
    await c.allOn(v1);
    await c.coordinator.stop();
    await c.startCoordinator({ DJX_CP_FAULT: "coordinator-exit-before-commit" });
    const { artifacts, manifest } = await readDeployment(v2Path);
    for (const [hash, bytes] of artifacts) await c.client.putObject(hash, bytes);
    await c.client.begin(manifest);
    expect(await c.coordinator.exited).toBe(7);
    // Down, with every ack journaled: no worker may have switched.
    expect(await c.digests()).toEqual([manifestDigest(v1), manifestDigest(v1), manifestDigest(v1)]);
    await c.startCoordinator();
    expect(await c.coordinator.waitFor(/resuming d2 from the journal \(3\/3 acks\)/)).toBeTruthy();
    expect(await c.client.waitForOutcome("d2")).toMatchObject({ outcome: "committed" });
    await c.allOn(v2);
  });

  it("a corrupt staged artifact fails its hash check: the deployment aborts and nothing switches", async () => {
    const { c, v1, v1Path, v2Path } = await cluster();
    await c.deploy(v1Path);
    await c.allOn(v1);
    await c.restartWorker(1, { DJX_CP_FAULT: "worker-corrupt-staged" });
    const r = await c.deploy(v2Path);
    expect(r.outcome).toBe("aborted");
    expect(r.reason).toMatch(/worker w2 failed to stage: artifact of stage zones\/s0: .*expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}/);
    await new Promise((ok) => setTimeout(ok, 300));
    expect(await c.digests()).toEqual([manifestDigest(v1), manifestDigest(v1), manifestDigest(v1)]);
  });
});

describe("the token", () => {
  it("a mutating call without the token, or with a wrong one, is refused and changes nothing", async () => {
    const { c, v1, v2, v1Path } = await cluster();
    await c.deploy(v1Path);
    await c.allOn(v1);
    const before = await c.client.status();
    const zones = v2.stages.find((s) => s.id === "zones/s0")!;
    const calls: [string, string, unknown][] = [
      ["POST", "/v1/deployments", { manifest: v2 }],
      ["POST", "/v1/rollback", {}],
      ["POST", "/v1/workers", { worker: "intruder" }],
      ["POST", "/v1/gc", { graceMs: 0 }],
      ["POST", "/v1/deployments/d1/acks", { worker: "w1", ok: false }],
      ["PUT", `/v1/objects/${zones.hash}`, "not the artifact"],
    ];
    for (const auth of [undefined, "Bearer wrong-token-000000", `Bearer ${TOKEN}x`, TOKEN]) {
      for (const [method, path, body] of calls) {
        const res = await fetch(`${c.url}${path}`, { method, headers: auth ? { authorization: auth } : {}, body: typeof body === "string" ? body : JSON.stringify(body) });
        expect(res.status, `${method} ${path} with ${auth ?? "no token"}`).toBe(401);
        expect(((await res.json()) as { error: string }).error).toMatch(/needs its token/);
      }
    }
    const after = await c.client.status();
    expect({ ...after, workers: after.workers.map((w) => w.id), store: after.store.objects }).toEqual({ ...before, workers: before.workers.map((w) => w.id), store: before.store.objects });
    expect(await c.digests()).toEqual([manifestDigest(v1), manifestDigest(v1), manifestDigest(v1)]);
  });
});
