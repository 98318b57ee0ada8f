import { spawn } from "node:child_process";

/** What one mpirun job did: its exit code, its output, and how long it took. */
export interface MpirunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The single-host mpirun flags (TOOLCHAIN.md, and `datajax launch` on one host): as root,
 * loopback and shared memory only, oversubscribed, ranks yielding when idle (2 cores here).
 */
export const singleHostMpirunFlags = (ranks: number): string[] => [
  "-n", String(ranks), "--allow-run-as-root", "--oversubscribe",
  "--mca", "pml", "ob1", "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo", "--mca", "mpi_yield_when_idle", "1",
];

/** Runs `node script ...args` on `ranks` ranks under mpirun; kills the job after `timeoutMs`. */
export function runUnderMpirun(ranks: number, script: string, args: readonly string[] = [], timeoutMs = 60_000): Promise<MpirunResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("mpirun", [...singleHostMpirunFlags(ranks), process.execPath, script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
