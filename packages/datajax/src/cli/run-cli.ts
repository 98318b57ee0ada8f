import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DataJaxError, isDataSource } from "@datajax/core-ir";
import { readParquet, writeArrowIpc, writeParquet } from "@datajax/io-parquet";
import { formatMetrics, metricsToJsonLines, metricsToPrometheus } from "@datajax/runtime";
import { runControlPlaneCli } from "@datajax/control-plane";
import { ensureTaxiDataset } from "../demo/taxi/ensure-taxi-dataset.js";
import { featurize } from "../demo/featurize.js";
import { examples } from "../examples/index.js";
import { djit } from "../djit.js";
import { formatTable } from "./format-table.js";
import { launch, LaunchError, type LaunchRequest } from "./launch.js";
import { loadPipelineModule } from "./load-pipeline-module.js";
import { ProgressBar } from "./progress-bar.js";
import { withScanProgress } from "./scan-progress.js";

const HELP = `datajax — batch feature pipelines over tables, the JAX way

usage:
  datajax demo [--rows N] [--seed S] [--cache-dir DIR] [--preview N]
      Generates a deterministic NYC-taxi-like dataset on first use (default 1,000,000 rows) into a
      cache folder, then runs the featurize pipeline: optimized plan, stages, result preview, metrics.
  datajax explain <module.mjs> [--rules]
      Prints the IR, the optimized plan and the stage graph of a pipeline module without running it.
  datajax run <module.mjs> [--out result.parquet|result.arrow] [--preview N] [--metrics table|json|prometheus]
      Runs a pipeline module, prints a preview and per-stage metrics (a table, JSON lines or the
      Prometheus text format), optionally writes the result.
  datajax example <name> [--rows N]
      Runs a built-in example on the demo dataset: vmap-location-features, pjit-simulated-ranks,
      scan-running-stats, onnx-scoring (needs the optional onnxruntime-node).
  datajax launch -n N [--hostfile F | --host H1,H2] [--mpirun-arg A]... [--dry-run] <script.mjs> [args...]
      Runs N processes of \`node <script>\` under mpirun (one per rank; mpiWorldFromEnv() tells each its
      rank). Without a hostfile: one host, shared memory and loopback only, oversubscription allowed.
      Everything after the script goes to the script. A failing rank stops the whole job.
  datajax bench [--rows N] [--runs N] [--engines ids] [--cases names] [--out dir] ...
      Runs the benchmark harness of a DataJAX checkout (packages/bench, built; not published): every
      engine and case in its own process, the report to docs/benchmarks/ (datajax bench --help).
  datajax cp serve | worker | plan <manifest> | commit <manifest> | status | rollback | gc
      The control plane: ships compiled stages to workers with plan/commit (datajax cp --help).

A pipeline module exports its function as default and its inputs as \`args\`:
  import { djit, col, readParquet } from "@datajax/datajax";
  export default djit((trips) => trips.filter(col("fare_amount").gt(0)));
  export const args = async () => [await readParquet("data/taxi.parquet")];
`;

async function demo(options: { rows: number; seed: number; cacheDir?: string; preview: number }): Promise<void> {
  const bar = new ProgressBar(`generating ${options.rows.toLocaleString("en-US")} taxi rows`);
  const dataset = await ensureTaxiDataset({
    rows: options.rows,
    seed: options.seed,
    ...(options.cacheDir ? { dir: options.cacheDir } : {}),
    onProgress: ({ rowsWritten, rows }) => bar.update(rowsWritten, rows),
  });
  if (dataset.created) bar.done();
  console.log(`dataset: ${dataset.path} (${(dataset.bytes / 2 ** 20).toFixed(1)} MiB${dataset.created ? ", generated now" : ", from cache"})\n`);

  const trips = await readParquet(dataset.path);
  const job = djit(featurize, { name: "featurize" });
  const lowered = job.lower(trips);
  console.log("== optimized plan\n" + lowered.text.optimized + "\n");
  console.log("== stages\n" + lowered.text.stages + "\n");

  const scanBar = new ProgressBar("scanning");
  const { table, metrics } = await job.run(withScanProgress(trips, (done, total) => scanBar.update(done, total)));
  scanBar.done();
  console.log("== result (busiest location-hours first)");
  const sorted = djit((f) => f.sort("trips", { descending: true }).head(options.preview), { name: "top" });
  console.log(formatTable(await sorted(table), options.preview));
  console.log(`\n== metrics\n${formatMetrics(metrics)}`);
}

async function explain(file: string, rules: boolean): Promise<void> {
  const { fn, args } = await loadPipelineModule(file);
  const lowered = fn.lower(...(args as never[]));
  console.log(lowered.toString());
  if (rules) {
    console.log("\n== rules (each rule's effect, in the order the driver applied them)");
    if (lowered.rules.length === 0) console.log("(no rule changed the plan)");
    for (const r of lowered.rules) console.log(`-- ${r.rule}\n${r.after}`);
  }
}

const METRIC_FORMATS = { table: formatMetrics, json: metricsToJsonLines, prometheus: metricsToPrometheus } as const;

async function run(file: string, out: string | undefined, preview: number, metricsFormat: string): Promise<void> {
  const format = METRIC_FORMATS[metricsFormat as keyof typeof METRIC_FORMATS];
  if (!format) throw new DataJaxError("DJX_CLI_USAGE", `--metrics must be one of ${Object.keys(METRIC_FORMATS).join(", ")}, got "${metricsFormat}".`);
  const { fn, args } = await loadPipelineModule(file);
  // Data sources report their scans on a progress bar (stderr, terminals only).
  const bar = new ProgressBar("scanning");
  const watched = args.map((a) => (isDataSource(a) && a.rowCount !== undefined ? withScanProgress(a, (done, total) => bar.update(done, total)) : a));
  const { table, metrics } = await fn.run(...(watched as never[]));
  bar.done();
  console.log(formatTable(table, preview));
  console.log(`\n${format(metrics).trimEnd()}`);
  if (out) {
    if (out.endsWith(".arrow") || out.endsWith(".feather")) await writeArrowIpc(table, out);
    else await writeParquet(table, out);
    console.log(`\nwrote ${table.numRows.toLocaleString("en-US")} rows to ${out}`);
  }
}

/**
 * Runs one `datajax` CLI command (the words after `datajax`); resolves to the exit code. Errors
 * propagate to the caller (the `datajax` binary prints a DataJaxError as `error [CODE]: message`).
 *
 * @example
 * ```ts
 * import { runCli } from "@datajax/datajax/cli";
 * process.exitCode = await runCli(["explain", "pipeline.mjs"]);
 * ```
 */
export async function runCli(argv: string[]): Promise<number> {
  if (argv[0] === "cp") return runControlPlaneCli(argv.slice(1));
  if (argv[0] === "bench") return bench(argv.slice(1));
  if (argv[0] === "launch") {
    const parsed = parseLaunchArgs(argv.slice(1));
    return launch(parsed.request, { dryRun: parsed.dryRun });
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rows: { type: "string", default: "1000000" },
      seed: { type: "string", default: "42" },
      "cache-dir": { type: "string" },
      preview: { type: "string", default: "10" },
      out: { type: "string" },
      metrics: { type: "string", default: "table" },
      rules: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, file] = positionals;
  const preview = Number(values.preview);
  if (values.help || !command) {
    console.log(HELP);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case "demo": {
      const rows = Number(values.rows);
      if (!Number.isInteger(rows) || rows <= 0) throw new DataJaxError("DJX_CLI_USAGE", `--rows must be a positive integer, got "${values.rows}".`);
      await demo({ rows, seed: Number(values.seed), ...(values["cache-dir"] ? { cacheDir: values["cache-dir"] } : {}), preview });
      return 0;
    }
    case "explain":
      if (!file) throw new DataJaxError("DJX_CLI_USAGE", "explain needs a pipeline module: datajax explain <module.mjs>");
      await explain(file, values.rules!);
      return 0;
    case "example": {
      const example = file ? examples[file] : undefined;
      if (!example) throw new DataJaxError("DJX_CLI_USAGE", `example needs one of: ${Object.entries(examples).map(([n, e]) => `${n} (${e.what})`).join("; ")}${file ? `; got "${file}"` : ""}`);
      const rows = Number(values.rows);
      const dataset = await ensureTaxiDataset({ rows, ...(values["cache-dir"] ? { dir: values["cache-dir"] } : {}) });
      await example.run({ trips: await readParquet(dataset.path), print: (line) => console.log(line) });
      return 0;
    }
    case "run":
      if (!file) throw new DataJaxError("DJX_CLI_USAGE", "run needs a pipeline module: datajax run <module.mjs>");
      await run(file, values.out, preview, values.metrics!);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

/**
 * The built CLI of the workspace's benchmark harness (packages/bench/dist/cli.js next to this
 * package in a checkout; DJX_BENCH_CLI names another), or undefined when it is not there. The
 * bench depends on datajax, never the reverse, so it is found on disk, not imported.
 */
function benchCli(): { readonly path: string; readonly found: boolean } {
  const path = process.env["DJX_BENCH_CLI"] ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bench", "dist", "cli.js");
  return { path, found: existsSync(path) };
}

/** `datajax bench ...`: runs the harness CLI in a child process with these arguments; resolves to its exit code. */
async function bench(args: readonly string[]): Promise<number> {
  const cli = benchCli();
  if (!cli.found) {
    throw new DataJaxError(
      "DJX_BENCH_NOT_FOUND",
      `datajax bench runs the benchmark harness of a DataJAX checkout (packages/bench, not published), and it is not built here (no ${cli.path}). In a checkout: pnpm --filter @datajax/bench build, then datajax bench ${args.join(" ")} (or pnpm bench); DJX_BENCH_CLI may name the harness's dist/cli.js.`,
    );
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli.path, ...args], { stdio: "inherit" });
    child.once("error", fail);
    child.once("close", (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** `launch`'s own flags come before the script; everything after it belongs to the script. */
function parseLaunchArgs(args: readonly string[]): { request: LaunchRequest; dryRun: boolean } {
  let ranks = NaN;
  let hostfile: string | undefined;
  let hosts: string | undefined;
  let dryRun = false;
  const mpirunArgs: string[] = [];
  let i = 0;
  const value = (flag: string) => {
    const v = args[++i];
    if (v === undefined) throw new LaunchError(`${flag} needs a value`);
    return v;
  };
  for (; i < args.length && args[i]!.startsWith("-"); i++) {
    const a = args[i]!;
    if (a === "-n" || a === "--ranks" || a === "-np") ranks = Number(value(a));
    else if (a === "--hostfile") hostfile = value(a);
    else if (a === "--host") hosts = value(a);
    else if (a === "--mpirun-arg") mpirunArgs.push(value(a));
    else if (a === "--dry-run") dryRun = true;
    else if (a === "--") {
      i++;
      break;
    } else throw new LaunchError(`unknown launch option "${a}"; pass mpirun's own options with --mpirun-arg (datajax --help)`);
  }
  const script = args[i];
  if (!script) throw new LaunchError("launch needs a script: datajax launch -n 2 pipeline.mjs");
  if (!Number.isInteger(ranks) || ranks < 1) throw new LaunchError(`launch needs -n N, a positive number of ranks${Number.isNaN(ranks) ? "" : `, got ${ranks}`}`);
  return { request: { ranks, script, scriptArgs: args.slice(i + 1), mpirunArgs, ...(hostfile ? { hostfile } : {}), ...(hosts ? { hosts } : {}) }, dryRun };
}
