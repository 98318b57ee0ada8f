#!/usr/bin/env node
// Builds the datajax_spmd addon (native/binding.gyp) with node-gyp.
// - needs Open MPI's compiler wrapper (mpicc) for the MPI flags; fails with how to install it;
// - passes --nodedir explicitly (Node's prefix, headers in include/node): node-gyp under pnpm does
//   not see npm's nodedir setting and would otherwise try to download headers (offline here);
// - `configure build` re-runs gyp each time, so new native/src/*.cc files are picked up, while make
//   only recompiles what changed;
// - on x86-64 it compiles for x86-64-v4 (AVX-512) or x86-64-v3 (AVX2/FMA/BMI2), the highest the
//   CPU has (the kernels' compare and select loops vectorize), and records that next to the addon
//   (datajax_spmd.isa.json), so the loader refuses it with a clear message on a CPU without those
//   features; DATAJAX_NATIVE_BASELINE=1 builds for the baseline instead.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const nativeDir = join(packageRoot, "native");

function fail(message) {
  console.error(`build-native: ${message}`);
  process.exit(1);
}

const mpicc = spawnSync("mpicc", ["--showme:version"], { encoding: "utf8" });
if (mpicc.error || mpicc.status !== 0) {
  fail(
    "mpicc (Open MPI's compiler wrapper) was not found or failed, so the MPI flags are unknown. " +
      "Install Open MPI (`apt-get install -y libopenmpi-dev openmpi-bin`, as scripts/setup.sh does) and rerun " +
      "`pnpm --filter @datajax/backend-spmd-native build:native`.",
  );
}

const nodedir = process.env.npm_config_nodedir || dirname(dirname(process.execPath));
if (!existsSync(join(nodedir, "include", "node", "node_api.h"))) {
  fail(
    `Node's headers are not under ${join(nodedir, "include", "node")} (from ${process.execPath}). ` +
      "Install them (Debian: `apt-get install -y nodejs` ships them; or use an official Node build) " +
      "or set npm_config_nodedir to a folder whose include/node holds node_api.h.",
  );
}

/** The x86-64-v3 features the kernels rely on once compiled for it (as /proc/cpuinfo names them). */
const V3_FLAGS = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"];
function cpuFlags() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags"));
    return new Set((line ?? "").split(":")[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set();
  }
}
/** x86-64-v4 adds AVX-512 (F, BW, CD, DQ, VL): mask registers let the filtered loops vectorize without blends. */
const V4_FLAGS = [...V3_FLAGS, "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];
const flags = cpuFlags();
const tiers = [
  { march: "x86-64-v4", requires: V4_FLAGS },
  { march: "x86-64-v3", requires: V3_FLAGS },
];
const tier = process.arch === "x64" && process.env.DATAJAX_NATIVE_BASELINE !== "1" ? tiers.find((t) => t.requires.every((f) => flags.has(f))) : undefined;
const march = tier?.march ?? null;

const require = createRequire(import.meta.url);
const nodeGyp = require.resolve("node-gyp/bin/node-gyp.js");
const jobs = String(Math.max(1, Math.min(cpus().length, 4)));
const result = spawnSync(
  process.execPath,
  [nodeGyp, "configure", "build", `--nodedir=${nodedir}`, `--jobs=${jobs}`, ...process.argv.slice(2)],
  { cwd: nativeDir, stdio: "inherit", env: { ...process.env, DATAJAX_NATIVE_MARCH: march ?? "" } },
);
if (result.error) fail(`could not run node-gyp: ${result.error.message}`);
if (result.status !== 0) fail(`node-gyp failed (exit ${result.status}); its output is above.`);
writeFileSync(join(nativeDir, "build", "Release", "datajax_spmd.isa.json"), `${JSON.stringify({ march: march ?? "baseline", requires: tier?.requires ?? [] })}\n`);
console.log(`build-native: built ${join(nativeDir, "build", "Release", "datajax_spmd.node")} (${march ?? "baseline x86-64/arch default"})`);
