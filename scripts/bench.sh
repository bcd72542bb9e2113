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
trap 'sandbox_stop_postgres "$SANDBOX"; sandbox_stop_registry "$SANDBOX/reg-cli"; sandbox_stop_registry "$SANDBOX/reg-app"; sandbox_stop_engine "$SANDBOX/second"; sandbox_stop_engine "$SANDBOX"; rm -rf "$SANDBOX"' EXIT
sandbox_start_engine "$SANDBOX"
sandbox_import_base
# The load part asks for a seed image's detail (the others need only the base image).
if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY}" = load ] || [ "${BENCH_ONLY}" = instances ]; then sandbox_build_fixtures "$SANDBOX"; fi
export SANDBOX_DIR="$SANDBOX"
# The transfers part copies an image to a second engine (vs `docker save | docker -H … load`).
if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY}" = transfers ]; then
  # ... and times a native relay (socat) beside the bare Node proxy: the floor of any hop.
  sandbox_install_packages --with-socat
  first_engine="$DOCKER_HOST"
  sandbox_start_engine "$SANDBOX/second"
  export BENCH_SECOND_DOCKER_HOST="$DOCKER_HOST"
  export DOCKER_HOST="$first_engine"
fi
# The instances part shares a private PostgreSQL between its two servers (BENCH_INSTANCES_SQLITE=1: one SQLite file).
if [ "${BENCH_ONLY:-}" = instances ] && [ "${BENCH_INSTANCES_SQLITE:-0}" != 1 ]; then
  sandbox_install_postgres
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  sandbox_start_postgres "$SANDBOX" "$port"
  export BENCH_POSTGRES_URL_BASE="$SANDBOX_POSTGRES_URL_BASE"
fi

# Two empty registries, one for the CLI's push and one for the dashboard's.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export REGISTRY_USERNAME=bench REGISTRY_PASSWORD="bench-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port=$(free_port); sandbox_start_registry "$SANDBOX/reg-cli" "$port" "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD"; export BENCH_REGISTRY_CLI="127.0.0.1:$port"
port=$(free_port); sandbox_start_registry "$SANDBOX/reg-app" "$port" "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD"; export BENCH_REGISTRY_APP="127.0.0.1:$port"
node --conditions=react-server --import tsx scripts/bench/run.ts "$@"
