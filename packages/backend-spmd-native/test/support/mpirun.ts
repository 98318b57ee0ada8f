import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (fixtures import its built dist/). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A fixture script under test/fixtures. */
export const fixture = (name: string): string => join(packageRoot, "test", "fixtures", name);

/**
 * mpirun settings for one host as TOOLCHAIN.md lists them: allowed as root, loopback and shared
 * memory only, more ranks than cores allowed, ranks yield while idle.
 */
export const singleHostMpirunFlags = [
  "--allow-run-as-root",
  "--oversubscribe",
  "--mca", "pml", "ob1",
  "--mca", "btl", "self,vader",
  "--mca", "oob_tcp_if_include", "lo",
  "--mca", "mpi_yield_when_idle", "1",
];

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from spawn to exit. */
  readonly elapsedMs: number;
  /** Milliseconds from the first stdout line containing `markLine` (if given and seen) to exit. */
  readonly sinceMarkMs: number | undefined;
  /** True when the process was killed for running past `timeoutMs`. */
  readonly timedOut: boolean;
}

/**
 * Fails with what to do when the fixtures cannot run: mpirun missing or the package not built
 * (fixtures run the built JS from dist/ and the addon from native/build under plain node).
 */
export function assertRunnable(): void {
  const mpirun = spawnSync("mpirun", ["--version"], { encoding: "utf8" });
  if (mpirun.error || mpirun.status !== 0)
    throw new Error("mpirun is not installed: install Open MPI (`apt-get install -y libopenmpi-dev openmpi-bin`, as scripts/setup.sh does)");
  for (const built of ["dist/index.js", "native/build/Release/datajax_spmd.node"])
    if (!existsSync(join(packageRoot, built)))
      throw new Error(`${built} is missing: run \`pnpm --filter @datajax/backend-spmd-native build\` before these tests`);
}

/** Runs `command args` to completion (or kills its process group after `timeoutMs`). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; markLine?: string },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let markAt: number | undefined;
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const child = spawn(command, args, { cwd: packageRoot, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (markAt === undefined && options.markLine && stdout.includes(options.markLine)) markAt = performance.now();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL"); // the whole group: mpirun and its ranks
      } catch {
        child.kill("SIGKILL");
      }
    }, options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const end = performance.now();
      resolve({
        code,
        signal,
        stdout,
        stderr,
        elapsedMs: end - start,
        sinceMarkMs: markAt === undefined ? undefined : end - markAt,
        timedOut,
      });
    });
  });
}

/** `mpirun -n ranks node script args` with the single-host settings. */
export function mpirun(ranks: number, script: string, args: readonly string[] = [], options = { timeoutMs: 60_000 } as { timeoutMs: number; markLine?: string }) {
  return runProcess("mpirun", [...singleHostMpirunFlags, "-n", String(ranks), process.execPath, script, ...args], options);
}
