#!/usr/bin/env bash
# The whole gate: typecheck every package, lint, check the packages as published (publint, attw),
# then every test in one vitest run.
# Prints a closing "tests: N passed, N failed" line for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false
pnpm exec nx run-many -t typecheck --outputStyle=static 2>&1 | tail -3
pnpm exec biome lint --error-on-warnings .
node scripts/check-packages.mjs
# The API reference: every public export documented with an example, typedoc with warnings as errors.
docs_log="$(mktemp)"
pnpm run docs >"$docs_log" 2>&1 || { cat "$docs_log"; exit 1; }
{ grep -vE "\[info\]" "$docs_log" || true; } | tail -2; rm -f "$docs_log"
report="$(mktemp)"
status=0
pnpm exec vitest run --config vitest.workspace.config.ts --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report" || true
rm -f "$report"
exit $status
