import { spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { DataJaxError } from "@datajax/core-ir";

/** `datajax launch` cannot start: no mpirun, or arguments it cannot use. */
export class LaunchError extends DataJaxError {
  constructor(message: string) {
    super("DJX_LAUNCH", message);
  }
}

/**
 * What `datajax launch` was asked to run: the rank count, the script and its arguments, and the
 * cluster settings that replace the single-host defaults.
 *
 * @example
 * ```ts
 * import { mpirunArguments, type LaunchRequest } from "@datajax/datajax";
 * const request: LaunchRequest = { ranks: 2, script: "clean-trips.mjs", scriptArgs: ["data/taxi.parquet", "out"], mpirunArgs: [] };
 * console.log(mpirunArguments(request).join(" ")); // -n 2 ... --mca btl self,vader ... node clean-trips.mjs data/taxi.parquet out
 * ```
 */
export interface LaunchRequest {
  /** Processes (ranks) to start. */
  readonly ranks: number;
  /** The Node script every rank runs, and its arguments. */
  readonly script: string;
  readonly scriptArgs: readonly string[];
  /** A user's hostfile or host list: a real cluster, so the single-host settings are left out. */
  readonly hostfile?: string;
  readonly hosts?: string;
  /** Extra mpirun arguments, passed through as given (e.g. `--mca btl_tcp_if_include eth0`). */
  readonly mpirunArgs: readonly string[];
}

/**
 * The mpirun command line for a request. On a single host (no hostfile or hosts): shared memory
 * and loopback only, oversubscription allowed, yielding when ranks outnumber cores. On a cluster
 * the user's settings (hostfile, `OMPI_MCA_*` variables, `--mpirun-arg`) decide. As root, Open MPI
 * needs `--allow-run-as-root`.
 *
 * @example
 * ```ts
 * import { mpirunArguments } from "@datajax/datajax";
 *
 * const args = mpirunArguments({ ranks: 2, script: "job.mjs", scriptArgs: ["--rows", "1000"], mpirunArgs: [] });
 * // ["-n", "2", ...single-host flags, process.execPath, "job.mjs", "--rows", "1000"]: run as `mpirun ...args`
 * ```
 */
export function mpirunArguments(request: LaunchRequest, cores = availableParallelism(), isRoot = process.getuid?.() === 0): string[] {
  const args = ["-n", String(request.ranks)];
  if (isRoot) args.push("--allow-run-as-root");
  if (request.hostfile) args.push("--hostfile", request.hostfile);
  else if (request.hosts) args.push("--host", request.hosts);
  else {
    args.push("--oversubscribe", "--mca", "pml", "ob1", "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo");
    if (request.ranks > cores) args.push("--mca", "mpi_yield_when_idle", "1");
  }
  args.push(...request.mpirunArgs, process.execPath, request.script, ...request.scriptArgs);
  return args;
}

/** The mpirun to use: `DJX_MPIRUN`, else `mpirun` on PATH; fails saying how to install it. */
export function findMpirun(env: NodeJS.ProcessEnv = process.env): string {
  const tried = env["DJX_MPIRUN"] ? [env["DJX_MPIRUN"]] : ["mpirun"];
  for (const candidate of tried) {
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  throw new LaunchError(
    `no working mpirun (tried ${tried.map((t) => `"${t}"`).join(", ")}${env["DJX_MPIRUN"] ? " from DJX_MPIRUN" : " on PATH"}). ` +
      "Install Open MPI (Debian: apt-get install openmpi-bin; bash scripts/setup.sh does it), or set DJX_MPIRUN to the mpirun to use.",
  );
}

/**
 * Starts `request.ranks` processes of `node <script>` under mpirun and resolves to mpirun's exit
 * code. When a rank fails, Open MPI stops the others and mpirun exits non-zero; SIGINT/SIGTERM
 * sent to the launcher are forwarded to mpirun.
 */
export async function launch(request: LaunchRequest, options: { readonly dryRun?: boolean } = {}): Promise<number> {
  if (!Number.isInteger(request.ranks) || request.ranks < 1) throw new LaunchError(`-n must be a positive integer number of ranks, got ${request.ranks}`);
  const mpirun = findMpirun();
  const args = mpirunArguments(request);
  if (options.dryRun) {
    console.log([mpirun, ...args].join(" "));
    return 0;
  }
  const child = spawn(mpirun, args, { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt).on("SIGTERM", onTerm);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", (e) => reject(new LaunchError(`mpirun could not start: ${e.message}`)));
      child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
    });
  } finally {
    process.off("SIGINT", onInt).off("SIGTERM", onTerm);
  }
}
