#!/usr/bin/env bash
# Sets up a fresh clone on a machine that has only Debian, Node 20 and npm:
# the pinned pnpm, the locked dependencies, and a build of every package.
# Idempotent: a second run only rebuilds what changed (nx cache).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || {
    # No write access to the global prefix: install into a user prefix instead.
    npm install -g --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null
    export PATH="$HOME/.local/bin:$PATH"
  }
fi
hash -r

echo "setup: installing locked dependencies"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE '^(Progress|Downloading)' | tail -5

# A C++ toolchain for the native addons (node-gyp: a compiler, make, python3); io-parquet's Parquet
# decoder needs nothing else.
if ! command -v c++ >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  echo "setup: installing the C++ toolchain (g++ make python3)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ make python3 >/dev/null
fi

# Open MPI from Debian's packages: `datajax launch` (and its tests) start ranks with mpirun; the
# native backend's addon builds against libopenmpi-dev.
if ! command -v mpirun >/dev/null 2>&1 || ! command -v mpicc >/dev/null 2>&1; then
  echo "setup: installing OpenMPI (libopenmpi-dev openmpi-bin)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # `env` so that the variable assignment works with and without sudo in front.
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenmpi-dev openmpi-bin >/dev/null
fi

echo "setup: building packages"
NX_DAEMON=false pnpm exec nx run-many -t build --outputStyle=static 2>&1 | tail -3
