#!/usr/bin/env node
// Fails when a published package changed since a base ref without a changeset naming it.
//   node scripts/check-changeset.mjs --base <ref> [--head <ref>]
// "Changed" means a file that ships changed (under the package's `files` entries, markdown aside) or
// a published field of its package.json (anything but scripts, devDependencies and the nx config).
// Published packages: packages/* and examples/* that are not "private" and not in the changeset
// config's `ignore`. A changeset counts when .changeset/*.md was added or edited since the base; an
// empty changeset (`pnpm changeset --empty`) says the change needs no release and passes.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** package.json fields that do not reach users of the published package. */
const UNPUBLISHED_FIELDS = new Set(["scripts", "devDependencies", "nx"]);

function parseArgs(argv) {
  const args = { base: undefined, head: "HEAD" };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--base") args.base = argv[++i];
    else if (argv[i] === "--head") args.head = argv[++i];
    else usage(`unknown argument ${argv[i]}`);
  }
  if (!args.base) usage("--base is required");
  return args;
}

function usage(problem) {
  console.error(`check-changeset: ${problem}\nusage: node scripts/check-changeset.mjs --base <ref> [--head <ref>]`);
  process.exit(2);
}

function git(root, args) {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function publishedPackages(root) {
  const configPath = join(root, ".changeset", "config.json");
  const ignored = new Set(existsSync(configPath) ? (JSON.parse(readFileSync(configPath, "utf8")).ignore ?? []) : []);
  const found = [];
  for (const group of ["packages", "examples"]) {
    if (!existsSync(join(root, group))) continue;
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const dir = posix.join(group, entry.name);
      const manifestPath = join(root, dir, "package.json");
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      if (manifest.private === true || ignored.has(manifest.name)) continue;
      found.push({ dir, name: manifest.name, files: manifest.files ?? ["."] });
    }
  }
  return found;
}

/** The manifest as users see it: without the fields that are not published. */
function publishedFields(text) {
  if (text === undefined) return undefined;
  const manifest = JSON.parse(text);
  return JSON.stringify(Object.entries(manifest).filter(([key]) => !UNPUBLISHED_FIELDS.has(key)));
}

function fileAt(root, ref, path) {
  try {
    return git(root, ["show", `${ref}:${path}`]);
  } catch {
    return undefined;
  }
}

function changedPackages(root, base, head, changedFiles) {
  return publishedPackages(root).filter((pkg) => {
    const manifestPath = `${pkg.dir}/package.json`;
    const ships = changedFiles.some((file) => {
      if (!file.startsWith(`${pkg.dir}/`) || file.endsWith(".md") || file === manifestPath) return false;
      const inside = file.slice(pkg.dir.length + 1);
      return pkg.files.some((entry) => entry === "." || inside === entry || inside.startsWith(`${entry.replace(/\/$/, "")}/`));
    });
    if (ships) return true;
    if (!changedFiles.includes(manifestPath)) return false;
    const mergeBase = git(root, ["merge-base", base, head]).trim();
    return publishedFields(fileAt(root, mergeBase, manifestPath)) !== publishedFields(fileAt(root, head, manifestPath));
  });
}

/** Package names in a changeset's front matter; an empty list for an empty changeset. */
function changesetPackages(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!match) return [];
  return match[1]
    .split(/\r?\n/)
    .map((line) => /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line)?.[1])
    .filter(Boolean);
}

const { base, head } = parseArgs(process.argv.slice(2));
const root = git(process.cwd(), ["rev-parse", "--show-toplevel"]).trim();
const changedFiles = git(root, ["diff", "--name-only", `${base}...${head}`]).split("\n").filter(Boolean);
const changed = changedPackages(root, base, head, changedFiles);

const changesetFiles = git(root, ["diff", "--name-only", "--diff-filter=AM", `${base}...${head}`, "--", ".changeset"])
  .split("\n")
  .filter((file) => /^\.changeset\/[^/]+\.md$/.test(file) && !file.endsWith("/README.md"));
const changesets = changesetFiles.map((file) => ({ file, packages: changesetPackages(fileAt(root, head, file) ?? "") }));
const named = new Set(changesets.flatMap((c) => c.packages));
const empty = changesets.filter((c) => c.packages.length === 0);

if (changed.length === 0) {
  console.log(`check-changeset: no published package changed since ${base}.`);
  process.exit(0);
}
console.log(`check-changeset: published packages changed since ${base}: ${changed.map((p) => p.name).join(", ")}`);
const missing = changed.filter((pkg) => !named.has(pkg.name));
if (missing.length === 0) {
  console.log(`check-changeset: each is named by a changeset (${changesets.map((c) => c.file).join(", ")}).`);
  process.exit(0);
}
if (empty.length > 0) {
  console.log(`check-changeset: ${empty[0].file} is an empty changeset: no release needed for ${missing.map((p) => p.name).join(", ")}.`);
  process.exit(0);
}
console.error(
  `check-changeset: no changeset added since ${base} names ${missing.map((p) => p.name).join(", ")}.\n` +
    "Run `pnpm changeset`, pick these packages and the bump, describe the change for users, and commit the file " +
    "it writes in .changeset/ (or `pnpm changeset --empty` when the change needs no release).",
);
process.exit(1);
