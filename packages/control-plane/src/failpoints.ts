/**
 * Fault injection for the control plane's tests, named in `DJX_CP_FAULT` (comma-separated), in the
 * way etcd's failpoints work: the process really exits or really corrupts bytes at that point.
 * - `worker-exit-before-ack`: a worker exits after staging, before it acks;
 * - `worker-corrupt-staged`: a worker flips a byte of each fetched artifact before verifying it;
 * - `coordinator-exit-before-commit`: the coordinator exits once every ack is journaled, before it commits.
 *
 * @example
 * ```ts
 * import { spawn } from "node:child_process";
 * import type { Failpoint } from "@datajax/control-plane";
 * const fault: Failpoint = "worker-corrupt-staged";
 * spawn("datajax-cp", ["worker", "--id", "w1"], { env: { ...process.env, DJX_CP_FAULT: fault }, stdio: "inherit" });
 * ```
 */
export type Failpoint = "worker-exit-before-ack" | "worker-corrupt-staged" | "coordinator-exit-before-commit";

export function failpointActive(name: Failpoint): boolean {
  return (process.env["DJX_CP_FAULT"] ?? "").split(",").includes(name);
}
