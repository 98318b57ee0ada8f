#!/usr/bin/env node
// Builds the datajax_parquet addon (native/binding.gyp) with node-gyp: a C++ compiler, make and
// python3 are all it needs (no system libraries).
// - passes --nodedir explicitly (Node's prefix, headers in include/node): node-gyp under pnpm does
//   not see npm's nodedir setting and would otherwise try to download headers (offline here);
// - `configure build` re-runs gyp each time, so new native/src/*.cc files are picked up, while make
//   only recompiles what changed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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

for (const [tool, args, pkg] of [["c++", ["--version"], "g++"], ["make", ["--version"], "make"], ["python3", ["--version"], "python3"]]) {
  const probe = spawnSync(tool, args, { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    fail(`${tool} was not found; node-gyp needs it. Install it (Debian: \`apt-get install -y ${pkg}\`, as scripts/setup.sh does) and rerun \`pnpm --filter @datajax/io-parquet build\`.`);
  }
}

const nodedir = process.env.npm_config_nodedir || dirname(dirname(process.execPath));
if (!existsSync(join(nodedir, "include", "node", "node_api.h"))) {
  fail(
    `Node's headers are not under ${join(nodedir, "include", "node")} (from ${process.execPath}). ` +
      "Install them (Debian: `apt-get install -y nodejs` ships them; or use an official Node build) " +
      "or set npm_config_nodedir to a folder whose include/node holds node_api.h.",
  );
}

const require = createRequire(import.meta.url);
const nodeGyp = require.resolve("node-gyp/bin/node-gyp.js");
const jobs = String(Math.max(1, Math.min(cpus().length, 4)));
const result = spawnSync(process.execPath, [nodeGyp, "configure", "build", `--nodedir=${nodedir}`, `--jobs=${jobs}`, ...process.argv.slice(2)], { cwd: nativeDir, stdio: "inherit" });
if (result.error) fail(`could not run node-gyp: ${result.error.message}`);
if (result.status !== 0) fail(`node-gyp failed (exit ${result.status}); its output is above.`);
console.log(`build-native: built ${join(nativeDir, "build", "Release", "datajax_parquet.node")}`);
