#!/usr/bin/env bash
# Quick start (`npm run up`): installs, builds and serves the dashboard. It uses the Docker engine at
# DOCKER_HOST (default unix:///var/run/docker.sock) when one answers there; otherwise it starts a
# private sandbox engine with demo images (the seeds' examples) and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/lib/sandbox.sh

if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  npm ci --no-audit --no-fund
fi

# Asked as the server will ask it (scripts/engine-answers.ts): TLS by DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.
engine_answers() {
  DOCKER_HOST="$1" npx tsx --conditions=react-server scripts/engine-answers.ts
}

# Uploads into the engine are moved from socket to socket by pv (lib/docker/upload-pump.ts); without
# it Node copies them, slower but the same.
command -v pv >/dev/null 2>&1 || sandbox_apt_install pv || echo "== pv could not be installed: uploads will be copied by Node"

requested="${DOCKER_HOST:-unix:///var/run/docker.sock}"
if engine_answers "$requested"; then
  echo "== using the Docker engine at $requested"
  export DOCKER_HOST="$requested"
else
  dir="${DASHBOARD_SANDBOX_DIR:-$PWD/.sandbox/engine}"
  echo "== no Docker engine answers at $requested: starting a private sandbox engine in $dir"
  sandbox_install_packages
  sandbox_start_engine "$dir"
  # seed/app:1 came last to the demo set: a sandbox made before it gets the whole set again.
  if ! docker image inspect seed/fat:1 seed/app:1 >/dev/null 2>&1; then
    echo "== building demo images (seed/fat:1, seed/loaded:1, seed/entry:1, seed/web:1/2, seed/app:1 and a dangling one)"
    sandbox_build_fixtures "$dir"
  fi
  echo "== sandbox engine: DOCKER_HOST=$DOCKER_HOST (stop it with: npm run sandbox -- stop)"
fi

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app lib next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "== building the dashboard"
  rm -rf .next
  npx next build
fi

echo "== serving on http://${HOST:-127.0.0.1}:${PORT:-3000}"
exec npm start
