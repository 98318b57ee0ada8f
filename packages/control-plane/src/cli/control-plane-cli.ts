import { parseArgs } from "node:util";
import { DataJaxError } from "@datajax/core-ir";
import { CoordinatorClient } from "../client/coordinator-client.js";
import { Coordinator } from "../coordinator/coordinator-server.js";
import { readDeployment } from "../manifest/deployment-artifacts.js";
import type { CoordinatorStatus, PlanResponse } from "../protocol/messages.js";
import { WorkerAgent } from "../worker/worker-agent.js";

/**
 * The usage text of `datajax cp` (printed for `--help`, and after a usage error).
 *
 * @example
 * ```ts
 * import { CONTROL_PLANE_HELP } from "@datajax/control-plane";
 * console.log(CONTROL_PLANE_HELP);
 * ```
 */
export const CONTROL_PLANE_HELP = `datajax cp — ship compiled stages to workers (plan/commit)

usage:
  datajax cp serve   [--dir DIR] [--host 127.0.0.1] [--port 7077] [--ack-timeout-ms 30000]
  datajax cp worker  --id ID [--dir DIR] [--poll-ms 100]
  datajax cp plan    <manifest.json> [--json]     what would change, on which worker, how many bytes
  datajax cp commit  <manifest.json> [--json]     upload artifacts, deploy, wait for commit or abort
  datajax cp status  [--json]
  datajax cp rollback [--json]                    deploy the previous manifest again
  datajax cp gc      [--grace-ms 3600000] [--json]

Every command but serve talks to --coordinator URL (default $DATAJAX_CP_URL or http://127.0.0.1:7077).
Mutating calls need the coordinator's token: --token or $DATAJAX_CP_TOKEN.
`;

const kib = (n: number) => (n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);

/**
 * A plan as a person reads it: what changes, which worker gets what, how many bytes.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, formatPlan, readDeployment } from "@datajax/control-plane";
 * const { manifest } = await readDeployment("deploy/v2/manifest.json");
 * console.log(formatPlan(await new CoordinatorClient("http://127.0.0.1:7077").plan(manifest)));
 * // plan 3f0c…: manifest 9a1b… → 77de…
 * //   changed   zones/s0  1.2 KiB
 * ```
 */
export function formatPlan(p: PlanResponse): string {
  const lines = [`plan ${p.planDigest.slice(0, 12)}: ${p.from ? `manifest ${p.from.slice(0, 12)}` : "nothing deployed"} → ${p.to.slice(0, 12)}`];
  const bytesOf = new Map(p.plan.buckets.flatMap((b) => b.artifacts.map((a) => [a.stageId, a.bytes] as const)));
  for (const id of p.diff.added) lines.push(`  added     ${id}  ${kib(bytesOf.get(id) ?? 0)}`);
  for (const id of p.diff.changed) lines.push(`  changed   ${id}  ${kib(bytesOf.get(id) ?? 0)}`);
  for (const id of p.diff.removed) lines.push(`  removed   ${id}`);
  lines.push(`  unchanged ${p.diff.unchanged.length} stage(s)`);
  if (p.plan.workers.length === 0) lines.push("  no worker registered yet");
  let total = 0;
  for (const w of p.plan.workers) {
    const mine = p.plan.buckets.filter((b) => b.worker === w);
    const bytes = mine.reduce((n, b) => n + b.bytes, 0);
    total += bytes;
    lines.push(`  worker ${w}: ${mine.length} bucket(s), ${mine.reduce((n, b) => n + b.artifacts.length, 0)} artifact(s), ${kib(bytes)}`);
  }
  lines.push(`  ${kib(total)} to move in all`);
  return lines.join("\n");
}

/**
 * A coordinator's status as a person reads it: current, previous and pending deployments, each
 * worker and what it runs, the store, the last five outcomes.
 *
 * @example
 * ```ts
 * import { CoordinatorClient, formatStatus } from "@datajax/control-plane";
 * console.log(formatStatus(await new CoordinatorClient("http://127.0.0.1:7077").status()));
 * // current:  d2 taxi (3 stages, manifest 77de…)
 * ```
 */
export function formatStatus(s: CoordinatorStatus): string {
  const lines = [
    `current:  ${s.current ? `${s.current.id} ${s.current.deployment} (${s.current.stages} stages, manifest ${s.current.manifestDigest.slice(0, 12)})` : "none"}`,
    `previous: ${s.previous ? `${s.previous.id} (manifest ${s.previous.manifestDigest.slice(0, 12)})` : "none"}`,
    `pending:  ${s.pending ? `${s.pending.id}${s.pending.rollback ? " (rollback)" : ""}, acks ${s.pending.acked.length}/${s.pending.workers.length}, deadline in ${Math.max(0, Math.round((s.pending.deadline - Date.now()) / 1000))} s` : "none"}`,
    `workers:  ${s.workers.length === 0 ? "none" : ""}`,
    ...s.workers.map((w) => `  ${w.id}: runs ${w.current ?? "nothing"}${w.lastSeen ? `, seen ${((Date.now() - w.lastSeen) / 1000).toFixed(1)} s ago` : ", not seen since the coordinator started"}`),
    `store:    ${s.store.objects} objects, ${kib(s.store.bytes)}; ${kib(s.store.bytesRead)} served since start`,
  ];
  if (s.history.length) lines.push("history:", ...s.history.slice(-5).map((h) => `  ${h.id} ${h.outcome}${h.reason ? `: ${h.reason}` : ""}`));
  return lines.join("\n");
}

function usage(message: string): never {
  throw new DataJaxError("DJX_CLI_USAGE", `${message}\n\n${CONTROL_PLANE_HELP}`);
}

/**
 * Runs `datajax cp <command>`; resolves to the exit code (serve and worker run until SIGINT/SIGTERM).
 * `out` receives the output lines (default console.log). Usage errors throw a DataJaxError with
 * code `DJX_CLI_USAGE`; coordinator failures a CoordinatorRequestError.
 *
 * @example
 * ```ts
 * import { runControlPlaneCli } from "@datajax/control-plane";
 * const lines: string[] = [];
 * const code = await runControlPlaneCli(["status", "--json", "--coordinator", "http://127.0.0.1:7077"], (l) => lines.push(l));
 * console.log(code, JSON.parse(lines[0]!).current);
 * ```
 */
export async function runControlPlaneCli(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      dir: { type: "string" }, host: { type: "string" }, port: { type: "string" }, "ack-timeout-ms": { type: "string" },
      id: { type: "string" }, "poll-ms": { type: "string" }, coordinator: { type: "string" }, token: { type: "string" },
      "grace-ms": { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, file] = positionals;
  if (values.help || !command) {
    out(CONTROL_PLANE_HELP);
    return command || values.help ? 0 : 2;
  }
  const token = values.token ?? process.env["DATAJAX_CP_TOKEN"];
  const url = values.coordinator ?? process.env["DATAJAX_CP_URL"] ?? "http://127.0.0.1:7077";
  const client = new CoordinatorClient(url, token);
  const print = (human: string, json: unknown) => out(values.json ? JSON.stringify(json, null, 2) : human);
  const needToken = () => token ?? usage(`${command} changes the coordinator's state: pass --token or set DATAJAX_CP_TOKEN`);
  const waitUntilSignal = () => new Promise<void>((done) => { process.once("SIGINT", done); process.once("SIGTERM", done); });

  switch (command) {
    case "serve": {
      const coordinator = await Coordinator.start({
        dir: values.dir ?? ".cache/datajax/cp-coordinator", token: needToken(), host: values.host ?? "127.0.0.1",
        port: Number(values.port ?? 7077), ackTimeoutMs: Number(values["ack-timeout-ms"] ?? 30_000), log: out,
      });
      await waitUntilSignal();
      await coordinator.close();
      return 0;
    }
    case "worker": {
      if (!values.id) usage("worker needs --id");
      const agent = new WorkerAgent({ id: values.id, coordinator: url, token: needToken(), dir: values.dir ?? `.cache/datajax/cp-worker-${values.id}`, pollMs: Number(values["poll-ms"] ?? 100), log: out });
      await agent.start();
      await waitUntilSignal();
      await agent.stop();
      return 0;
    }
    case "plan": {
      if (!file) usage("plan needs a manifest: datajax cp plan <manifest.json>");
      const { manifest } = await readDeployment(file);
      const p = await client.plan(manifest);
      print(formatPlan(p), p);
      return 0;
    }
    case "commit": {
      if (!file) usage("commit needs a manifest: datajax cp commit <manifest.json>");
      needToken();
      const { manifest, artifacts } = await readDeployment(file);
      for (const [hash, bytes] of artifacts) await client.putObject(hash, bytes);
      const plan = await client.plan(manifest);
      if (!values.json) out(formatPlan(plan));
      const begun = await client.begin(manifest);
      if (!values.json) out(`deployment ${begun.id} began: waiting for ${begun.workers.length} worker(s) to stage and ack`);
      const outcome = await client.waitForOutcome(begun.id);
      print(outcome.outcome === "committed" ? `deployment ${begun.id} committed` : `deployment ${begun.id} aborted: ${outcome.reason}`, { deployment: begun, plan, outcome });
      return outcome.outcome === "committed" ? 0 : 1;
    }
    case "status": {
      const s = await client.status();
      print(formatStatus(s), s);
      return 0;
    }
    case "rollback": {
      needToken();
      const begun = await client.rollback();
      const outcome = await client.waitForOutcome(begun.id);
      print(outcome.outcome === "committed" ? `rolled back: ${begun.id} committed the previous manifest ${begun.manifestDigest.slice(0, 12)}` : `rollback ${begun.id} aborted: ${outcome.reason}`, { deployment: begun, outcome });
      return outcome.outcome === "committed" ? 0 : 1;
    }
    case "gc": {
      needToken();
      const r = await client.gc(Number(values["grace-ms"] ?? 3_600_000));
      print(`gc removed ${r.removed.length} unreferenced object(s), ${kib(r.bytes)}`, r);
      return 0;
    }
    default:
      usage(`unknown command "${command}"`);
  }
}
