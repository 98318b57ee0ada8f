#!/usr/bin/env node
// Checks every published package (packages/*, examples/* without "private": true) as it would be
// published: publint (strict) on the packed tarball — exports, files, main/types point at files
// that ship — and `attw --pack` (Are the Types Wrong, esm-only profile, since the packages are ESM
// only) that every export's types resolve under node16 and bundler resolution.
// Needs the packages built. Exits 1 listing every problem found.
//   node scripts/check-packages.mjs [package-dir ...]
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function publishedPackageDirs() {
  const dirs = [];
  for (const group of ["packages", "examples"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const manifestPath = join(groupDir, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      if (JSON.parse(readFileSync(manifestPath, "utf8")).private === true) continue;
      dirs.push(join(groupDir, entry.name));
    }
  }
  return dirs;
}

/** Problems of one package, as printable lines (empty when clean). */
async function checkPackage(pkgDir) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  for (const entry of [pkg.main, pkg.types].filter(Boolean)) {
    if (!existsSync(join(pkgDir, entry))) problems.push(`${entry} does not exist: run \`pnpm build\` first`);
  }
  if (problems.length > 0) return problems;

  const { messages } = await publint({ pkgDir, strict: true, pack: "pnpm" });
  for (const message of messages) {
    const line = `publint ${message.type}: ${formatMessage(message, pkg, { color: false })}`;
    if (message.type === "suggestion") console.log(`  ${pkg.name}: ${line}`);
    else problems.push(line);
  }

  const attw = join(root, "node_modules", ".bin", "attw");
  const args = ["--pack", pkgDir, "--profile", "esm-only", "--no-definitely-typed", "--format", "ascii", "--no-color"];
  try {
    await run(attw, args, { cwd: pkgDir, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    problems.push(`attw found type resolution problems:\n${error.stdout || error.stderr || error.message}`);
  }
  return problems;
}

const requested = process.argv.slice(2).map((dir) => resolve(dir));
const dirs = requested.length > 0 ? requested : publishedPackageDirs();
const started = Date.now();
// Two at a time: each check packs a tarball twice (pnpm for publint, npm for attw).
const results = new Map();
const queue = [...dirs];
await Promise.all(
  [0, 1].map(async () => {
    for (let dir = queue.shift(); dir; dir = queue.shift()) results.set(dir, await checkPackage(dir));
  }),
);

let failed = 0;
for (const dir of dirs) {
  const problems = results.get(dir);
  const name = relative(root, dir);
  if (problems.length === 0) {
    console.log(`ok   ${name}`);
    continue;
  }
  failed += 1;
  console.log(`FAIL ${name}`);
  for (const problem of problems) console.log(`  ${problem.replaceAll("\n", "\n  ")}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`check-packages: ${dirs.length - failed} of ${dirs.length} packages clean (${seconds} s)`);
if (failed > 0) {
  console.log("Fix the package.json (exports, files, main, types) of each package above; see publint.dev/rules.");
  process.exit(1);
}
