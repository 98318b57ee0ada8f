#!/usr/bin/env bash
# The whole gate: typecheck every package, then every test in one vitest run.
# Prints a closing "tests: N passed, N failed" line for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false
pnpm exec nx run-many -t typecheck --outputStyle=static 2>&1 | tail -3
report="$(mktemp)"
status=0
pnpm exec vitest run --config vitest.workspace.config.ts --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report" || true
rm -f "$report"
exit $status
