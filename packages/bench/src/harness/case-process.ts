import { spawn } from "node:child_process";
import type { CaseInputs, CaseReport } from "../cases/case-report.js";
import { CaseProcessError } from "./case-process-error.js";

/**
 * Runs one bench case in its own fresh process (the harness CLI with `--case <name>`) and
 * resolves to the report it prints last.
 */
export function runCaseProcess(request: { readonly cli: string; readonly caseName: string; readonly inputs: CaseInputs; readonly runs: number }): Promise<CaseReport> {
  const args = [request.cli, "--case", request.caseName, "--case-inputs", JSON.stringify(request.inputs), "--runs", String(request.runs)];
  const env = { ...process.env, NODE_OPTIONS: [process.env["NODE_OPTIONS"], "--max-old-space-size=16384"].filter(Boolean).join(" ") };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("error", (e) => reject(new CaseProcessError(request.caseName, `could not start (${e.message})`)));
    child.once("close", (code) => {
      if (code !== 0) return reject(new CaseProcessError(request.caseName, `exited with ${code}`));
      const last = out.trim().split("\n").pop();
      if (!last) return reject(new CaseProcessError(request.caseName, "printed no report"));
      resolve(JSON.parse(last) as CaseReport);
    });
  });
}
