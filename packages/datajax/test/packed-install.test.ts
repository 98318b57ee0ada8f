import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// "Install only what you need" (DESIGN.md §1): a project outside the workspace installs the packed
// tarballs of core-ir, transforms, runtime and backend-local — as a user would get them from a
// registry — and runs a pipeline with plain node. Needs the packages built (`pnpm build`).

const run = promisify(execFile);
const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What the example project asks for. */
const requested = ["core-ir", "transforms", "runtime", "backend-local"];
/** What those depend on: transforms needs optimizer and planner, so they are packed too. */
const transitive = ["optimizer", "planner"];
/** What a user of the four must not get: heavy or unrelated packages. */
const unwanted = [
  "@datajax/io-parquet",
  "@datajax/control-plane",
  "@datajax/datajax",
  "@datajax/backend-spmd-native",
  "@datajax/bench",
  "@duckdb/node-api",
  "duckdb",
  "onnxruntime-node",
  "onnxruntime-common",
  "parquet-wasm",
];

const pipeline = `
import { tableFromArrays } from "apache-arrow";
import { DataJaxError } from "@datajax/core-ir";
import { createContainer } from "@datajax/runtime";
import { registerLocalBackend } from "@datajax/backend-local";
import { col, count, djit, sum } from "@datajax/transforms";

const container = createContainer();
registerLocalBackend(container);

const perZone = djit(
  (trips) => trips.filter(col("fare").gt(0)).groupBy("zone").agg({ n: count(), total: sum("fare") }).sort(["zone"]),
  { container, name: "per_zone" },
);
const trips = tableFromArrays({ zone: new Int32Array([1, 2, 1, 3]), fare: new Float64Array([10, -1, 30, 5]) });
const result = await perZone(trips);

let typedError = "none";
try {
  await djit((t) => t.select("no_such_column"), { container })(trips);
} catch (e) {
  typedError = e instanceof DataJaxError ? "DataJaxError " + e.code : "other " + String(e);
}

console.log(JSON.stringify({
  rows: result.toArray().map((r) => ({ zone: r.zone, n: Number(r.n), total: r.total })),
  typedError,
  resolvedFrom: import.meta.resolve("@datajax/transforms"),
}));
`;

function cleanEnv(): NodeJS.ProcessEnv {
  // Drop the npm_*/pnpm_* variables pnpm sets for the test run, so npm behaves as in a user's shell.
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm|pnpm)_/i.test(k)));
}

describe("packed install of core-ir, transforms, runtime and backend-local", () => {
  let project = "";

  beforeAll(async () => {
    for (const name of [...requested, ...transitive]) {
      if (!existsSync(join(packagesDir, name, "dist/index.js"))) {
        throw new Error(`packages/${name}/dist is missing: run \`pnpm build\` before this test.`);
      }
    }
    project = await mkdtemp(join(tmpdir(), "datajax-packed-install-"));
    const tarballs = join(project, "tarballs");
    await mkdir(tarballs);
    const spec: Record<string, string> = {};
    for (const name of [...requested, ...transitive]) {
      // pnpm pack rewrites `workspace:*` to the version, as a publish would.
      const { stdout } = await run("pnpm", ["pack", "--pack-destination", tarballs, "--json"], {
        cwd: join(packagesDir, name),
        env: cleanEnv(),
      });
      const packed = JSON.parse(stdout) as { filename: string };
      spec[`@datajax/${name}`] = `file:${resolve(tarballs, packed.filename)}`;
    }
    // The packed manifests name their @datajax dependencies by version (`0.1.0`), which no
    // registry reachable here has: `overrides` resolves every @datajax package to its tarball, as a
    // registry would. Third-party dependencies come from the configured registry (or npm's cache).
    const manifest = {
      name: "datajax-packed-install-example",
      private: true,
      type: "module",
      dependencies: {
        ...Object.fromEntries(requested.map((name) => [`@datajax/${name}`, spec[`@datajax/${name}`]])),
        "apache-arrow": "21.2.0",
      },
      overrides: spec,
    };
    await writeFile(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(project, "pipeline.mjs"), pipeline);
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
      cwd: project,
      env: cleanEnv(),
    });
  }, 120_000);

  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it("runs a djit pipeline on the local backend with plain node", async () => {
    const { stdout } = await run("node", ["pipeline.mjs"], { cwd: project, env: cleanEnv() });
    const out = JSON.parse(stdout) as { rows: unknown[]; typedError: string; resolvedFrom: string };
    expect(out.rows).toEqual([
      { zone: 1, n: 2, total: 40 },
      { zone: 3, n: 1, total: 5 },
    ]);
    // One copy of core-ir: the error thrown by transforms is the DataJaxError the user imported.
    expect(out.typedError).toMatch(/^DataJaxError [A-Z_]+$/);
    expect(fileURLToPath(out.resolvedFrom)).toContain(join(project, "node_modules", "@datajax", "transforms", "dist"));
  });

  it("installs only the packages asked for and their dependencies", async () => {
    const installed = (await readdir(join(project, "node_modules", "@datajax"))).sort();
    expect(installed).toEqual([...requested, ...transitive].sort());
    const present = unwanted.filter((name) => existsSync(join(project, "node_modules", name)));
    expect(present).toEqual([]);
  });

  it("ships built JavaScript and types, not the workspace's tests or configs", async () => {
    for (const name of [...requested, ...transitive]) {
      const root = join(project, "node_modules", "@datajax", name);
      expect(existsSync(join(root, "dist/index.js")), name).toBe(true);
      expect(existsSync(join(root, "dist/index.d.ts")), name).toBe(true);
      expect(existsSync(join(root, "test")), name).toBe(false);
      expect(existsSync(join(root, "tsconfig.json")), name).toBe(false);
    }
  });
});
