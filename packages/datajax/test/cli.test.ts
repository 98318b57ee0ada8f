import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { djit, ensureTaxiDataset, featurize, manifestDigest, readDeployment, readParquet, writeDeployment } from "../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(join(tmpdir(), "djx-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI in this process, returning its exit code and what it printed on stdout. */
async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  try {
    return { code: await runCli(argv), out: lines.join("\n") };
  } finally {
    spy.mockRestore();
  }
}

/** A pipeline module importing this package's sources (in a git-ignored folder of the package). */
function pipelineModule(name: string, body: string): string {
  const dir = join(root, ".cache", "cli-modules");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, `import { djit, col, count, mean, readParquet } from ${JSON.stringify(pathToFileURL(join(root, "src/index.ts")).href)};\n${body}\n`);
  return file;
}

describe("datajax demo", () => {
  it("generates the dataset on first use, then prints the plan, stages, a preview and metrics", async () => {
    const cacheDir = join(scratch, "cache");
    const first = await cli("demo", "--rows", "20000", "--cache-dir", cacheDir, "--preview", "3");
    expect(first.code).toBe(0);
    expect(first.out).toContain(`dataset: ${join(cacheDir, "taxi-20000.parquet")}`);
    expect(first.out).toContain("generated now");
    expect(first.out).toMatch(/== optimized plan\nt0: \{[^}]*\} = scan\[trips columns=\[/);
    expect(first.out).toContain("== stages\nstage s0 (output)");
    expect(first.out).toMatch(/== result \(busiest location-hours first\)\nPULocationID\s+hour\s+trips\s+mean_fare\s+mean_tip_ratio/);
    expect(first.out).toContain("(3 rows)");
    expect(first.out).toMatch(/== metrics\nstage\s+wall ms\s+rows in\s+rows out/);
    expect(first.out).toMatch(/s0\s+[\d.]+\s+20000\s+\d+/);

    const second = await cli("demo", "--rows", "20000", "--cache-dir", cacheDir, "--preview", "3");
    expect(second.out).toContain("from cache");
    // Deterministic: the same seed gives the same preview.
    const preview = (s: string) => s.slice(s.indexOf("== result"), s.indexOf("== metrics"));
    expect(preview(second.out)).toBe(preview(first.out));
  });

  it("rejects a bad row count before doing anything", async () => {
    await expect(cli("demo", "--rows", "ten")).rejects.toMatchObject({ code: "DJX_CLI_USAGE", message: expect.stringContaining('--rows must be a positive integer, got "ten"') });
  });

  it("--help lists the commands; an unknown command exits 2", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/datajax demo[\s\S]*datajax explain[\s\S]*datajax run/);
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((x: unknown) => void errors.push(String(x)));
    try {
      expect((await cli("frobnicate")).code).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toContain('unknown command "frobnicate"');
  });
});

describe("datajax explain / run <module>", () => {
  it("explain prints the IR, the optimized plan and the stages; run prints rows and metrics and writes the result", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data") });
    const file = pipelineModule(
      "per-zone",
      `export default djit((trips) => trips.filter(col("fare_amount").gt(10)).groupBy("PULocationID").agg({ n: count(), fare: mean("fare_amount") }));
export const args = async () => [await readParquet(${JSON.stringify(path)})];`,
    );
    const explained = await cli("explain", file, "--rules");
    expect(explained.code).toBe(0);
    expect(explained.out).toMatch(/^# ir\n[\s\S]*\n# optimized \(rules: [^)]+\)\n[\s\S]*\n# stages\n/);
    expect(explained.out).toContain("== rules");
    expect(explained.out).toContain("-- push_filter_into_scan");

    const out = join(scratch, "per-zone.parquet");
    const ran = await cli("run", file, "--out", out, "--preview", "2");
    expect(ran.code).toBe(0);
    expect(ran.out).toMatch(/PULocationID\s+n\s+fare/);
    expect(ran.out).toMatch(/wall ms/);
    const written = await readParquet(out);
    expect(ran.out).toContain(`wrote ${written.rowCount.toLocaleString("en-US")} rows to ${out}`);
    expect(written.schema.fields.map((f) => f.name)).toEqual(["PULocationID", "n", "fare"]);
  });

  it("run --metrics json|prometheus prints machine-readable metrics", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data") });
    const file = pipelineModule("metrics", `export default (trips) => trips.agg({ n: count() });\nexport const args = [await readParquet(${JSON.stringify(path)})];`);
    const json = await cli("run", file, "--metrics", "json");
    const lines = json.out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ kind: "run", backend: "local", rowsOut: 1 });
    expect(lines[0]).toMatchObject({ kind: "stage", stageId: "s0", rowsIn: 20000 });
    const prom = await cli("run", file, "--metrics", "prometheus");
    expect(prom.out).toMatch(/datajax_stage_rows_in\{backend="local",stage="s0"\} 20000/);
    await expect(cli("run", file, "--metrics", "xml")).rejects.toThrow(/--metrics must be one of table, json, prometheus/);
  });

  it("a plain function as the default export is traced with djit", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data") });
    const file = pipelineModule("plain", `export default (trips) => trips.agg({ n: count() });\nexport const args = [await readParquet(${JSON.stringify(path)})];`);
    const ran = await cli("run", file);
    expect(ran.out).toMatch(/^\s*n\n-+\n\s*20000\n\(1 rows\)/);
  });

  it("a module without a default function or without args fails with what a module must export", async () => {
    const noDefault = pipelineModule("no-default", "export const args = [];");
    await expect(cli("run", noDefault)).rejects.toMatchObject({ code: "DJX_PIPELINE_MODULE", message: expect.stringContaining("has no default export function") });
    const noArgs = pipelineModule("no-args", "export default (t) => t;");
    await expect(cli("explain", noArgs)).rejects.toMatchObject({ code: "DJX_PIPELINE_MODULE", message: expect.stringMatching(/exports no `args` array[\s\S]*export const args = async/) });
  });

  it("a bad column name fails at trace time with the close match", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data") });
    const file = pipelineModule("typo", `export default djit((trips) => trips.filter(col("fare_amout").gt(0)));\nexport const args = async () => [await readParquet(${JSON.stringify(path)})];`);
    await expect(cli("explain", file)).rejects.toMatchObject({ code: "DJX_COLUMN_NOT_FOUND", message: expect.stringContaining(`Did you mean "fare_amount"?`) });
  });
});

describe("datajax cp", () => {
  it("is the control plane's CLI", async () => {
    const help = await cli("cp", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/datajax cp serve[\s\S]*datajax cp commit  <manifest.json>[\s\S]*datajax cp rollback/);
  });

  it("a compiled pipeline becomes a deployment: one artifact per stage, hashed, and a manifest that reads back", async () => {
    const { path } = await ensureTaxiDataset({ rows: 20_000, dir: join(scratch, "data") });
    const stages = djit(featurize).lower(await readParquet(path)).stages;
    const dir = join(scratch, "deployment");
    const manifest = await writeDeployment(dir, "taxi", { featurize: stages }, { backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.1.0" });
    expect(manifest.stages.map((s) => s.id)).toEqual(["featurize/s0"]);
    const back = await readDeployment(join(dir, "manifest.json"));
    expect(manifestDigest(back.manifest)).toBe(manifestDigest(manifest));
    expect(back.artifacts.get(manifest.stages[0]!.hash)!.byteLength).toBe(manifest.stages[0]!.bytes);
    // Another compiler version is another artifact: the hash covers the compile target.
    const other = await writeDeployment(join(scratch, "deployment2"), "taxi", { featurize: stages }, { backend: "local", target: "node20-x64", compilerVersion: "backend-local/0.2.0" });
    expect(other.stages[0]!.hash).not.toBe(manifest.stages[0]!.hash);
  });
});

describe("datajax bench", () => {
  const withBenchCli = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
    const before = process.env["DJX_BENCH_CLI"];
    process.env["DJX_BENCH_CLI"] = path;
    try {
      return await run();
    } finally {
      if (before === undefined) delete process.env["DJX_BENCH_CLI"];
      else process.env["DJX_BENCH_CLI"] = before;
    }
  };

  it("forwards its arguments to the harness CLI in a child process and returns its exit code", async () => {
    const fake = join(scratch, "fake-bench-cli.mjs");
    const seen = join(scratch, "fake-bench-argv.json");
    writeFileSync(fake, `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(seen)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(3);\n`);
    const code = await withBenchCli(fake, () => runCli(["bench", "--rows", "1000", "--engines", "duckdb-1t,arquero", "--cases", ""]));
    expect(code).toBe(3);
    expect(JSON.parse(readFileSync(seen, "utf8"))).toEqual(["--rows", "1000", "--engines", "duckdb-1t,arquero", "--cases", ""]);
  });

  it("says how to build the harness when it is not there", async () => {
    await expect(withBenchCli(join(scratch, "no-such-bench", "cli.js"), () => runCli(["bench", "--rows", "1000"]))).rejects.toMatchObject({
      code: "DJX_BENCH_NOT_FOUND",
      message: expect.stringContaining("pnpm --filter @datajax/bench build"),
    });
  });

  it("finds the workspace's built harness by default", async () => {
    const built = join(root, "..", "bench", "dist", "cli.js");
    if (!existsSync(built)) return expect.fail(`build the bench first: pnpm --filter @datajax/bench build (no ${built})`);
    expect(await runCli(["bench", "--help"])).toBe(0);
  });
});
