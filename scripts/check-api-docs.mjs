#!/usr/bin/env node
// Every public export of every published package has a doc comment with an `@example`.
// Usage: node scripts/check-api-docs.mjs [package-folder ...]   (default: every published package)
// Exits 1 listing each export that lacks one (file:line, package, name, what is missing).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const all = fs
  .readdirSync(path.join(root, "packages"))
  .filter((d) => {
    const pj = path.join(root, "packages", d, "package.json");
    return fs.existsSync(pj) && !JSON.parse(fs.readFileSync(pj, "utf8")).private;
  })
  .sort();
const wanted = process.argv.slice(2).map((a) => path.basename(a));
const packages = wanted.length > 0 ? wanted : all;

const problems = [];
let checked = 0;
for (const pkg of packages) {
  const configPath = path.join(root, "packages", pkg, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  // Every entry point of the package: "." and subpaths such as "./testing" (their source files).
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "packages", pkg, "package.json"), "utf8"));
  const entries = Object.values(manifest.exports ?? {})
    .map((e) => (typeof e === "object" && e !== null ? e["@datajax/source"] : undefined))
    .filter((e) => typeof e === "string")
    .map((e) => path.join(root, "packages", pkg, e));
  for (const entry of entries.length > 0 ? entries : [path.join(root, "packages", pkg, "src", "index.ts")]) {
  const program = ts.createProgram([entry], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    // Re-exports of another package's symbols are checked in that package.
    if (decl && !decl.getSourceFile().fileName.startsWith(path.join(root, "packages", pkg) + path.sep)) continue;
    checked++;
    const hasDoc = symbol.getDocumentationComment(checker).length > 0;
    const hasExample = symbol.getJsDocTags(checker).some((t) => t.name === "example");
    if (hasDoc && hasExample) continue;
    const where = decl ? `${path.relative(root, decl.getSourceFile().fileName)}:${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1}` : "?";
    problems.push(`${where}  ${pkg}.${exported.name}: ${hasDoc ? "no @example" : hasExample ? "no description" : "no doc comment"}`);
  }
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} of ${checked} public exports lack a doc comment with an @example.`);
  process.exit(1);
}
console.log(`check-api-docs: all ${checked} public exports of ${packages.length} packages have a doc comment with an @example.`);
