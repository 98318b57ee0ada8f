#!/usr/bin/env bash
# The README's two commands:
#   bash scripts/quickstart.sh demo [--rows N]   set everything up, then run the featurize demo
#   bash scripts/quickstart.sh test              set everything up, then run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"; shift || true
case "$what" in
  demo)
    bash scripts/setup.sh
    export PATH="$HOME/.local/bin:$PATH"
    node packages/datajax/dist/cli.js demo "$@"
    ;;
  test)
    bash scripts/setup.sh
    export PATH="$HOME/.local/bin:$PATH"
    bash scripts/test.sh "$@"
    ;;
  *)
    echo "usage: bash scripts/quickstart.sh demo [--rows N] | test" >&2
    exit 2
    ;;
esac
