import { spawn } from "node:child_process";
import { mpirunArguments } from "@datajax/datajax";
import { EngineProcessError } from "./engine-process-error.js";
import { engineRanks } from "./engines.js";
import type { EngineReport } from "./run-engine.js";

/** What one engine's fresh process is asked to do. */
export interface EngineProcessRequest {
  readonly engine: string;
  /** The harness CLI (dist/cli.js), run with `--child <engine>`. */
  readonly cli: string;
  readonly parquetPath: string;
  readonly runs: number;
  readonly queries: readonly string[];
}

/** Node flags of every engine process (mpirun starts node itself, so they travel as NODE_OPTIONS). */
const NODE_OPTIONS = "--max-old-space-size=16384";

/**
 * Runs one engine in its own fresh process and resolves to the JSON report it prints last. An
 * engine on several ranks runs under mpirun (`DJX_MPIRUN`, else mpirun on PATH) with
 * `datajax launch`'s single-host arguments; its rank 0 prints the report.
 */
export function runEngineProcess(request: EngineProcessRequest): Promise<EngineReport> {
  const ranks = engineRanks(request.engine);
  const childArgs = ["--child", request.engine, "--path", request.parquetPath, "--runs", String(request.runs), "--queries", request.queries.join(",")];
  const [command, args] =
    ranks > 1
      ? [process.env["DJX_MPIRUN"] ?? "mpirun", mpirunArguments({ ranks, script: request.cli, scriptArgs: childArgs, mpirunArgs: [] })]
      : [process.execPath, [request.cli, ...childArgs]];
  const env = { ...process.env, NODE_OPTIONS: [process.env["NODE_OPTIONS"], NODE_OPTIONS].filter(Boolean).join(" ") };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"], env });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("error", (e) => reject(new EngineProcessError(request.engine, `could not start (${command}: ${e.message})`)));
    child.once("close", (code) => {
      if (code !== 0) return reject(new EngineProcessError(request.engine, `exited with ${code}`));
      const last = out.trim().split("\n").pop();
      if (!last) return reject(new EngineProcessError(request.engine, "printed no report"));
      resolve(JSON.parse(last) as EngineReport);
    });
  });
}
