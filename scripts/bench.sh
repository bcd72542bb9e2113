#!/usr/bin/env bash
# `npm run bench`: benchmarks against a private Docker engine (not part of the tests). Installs what
# is missing, starts the engine in a temp dir, builds the dashboard if needed, runs the benchmarks
# in scripts/bench/, prints the figures, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/lib/sandbox.sh

sandbox_install_packages
if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app lib next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  rm -rf .next
  npx next build
fi

SANDBOX=$(mktemp -d /tmp/dashboard-bench.XXXXXX)
trap 'sandbox_stop_engine "$SANDBOX"; rm -rf "$SANDBOX"' EXIT
sandbox_start_engine "$SANDBOX"
sandbox_import_base
export SANDBOX_DIR="$SANDBOX"
node --conditions=react-server --import tsx scripts/bench/run.ts "$@"
