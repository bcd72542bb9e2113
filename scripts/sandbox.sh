#!/usr/bin/env bash
# `npm run sandbox -- start|stop|status`: the private demo engine `npm run up` starts when no Docker
# engine answers. It lives in .sandbox/engine (override with DASHBOARD_SANDBOX_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/sandbox.sh
dir="${DASHBOARD_SANDBOX_DIR:-$PWD/.sandbox/engine}"
case "${1:-status}" in
  start)
    sandbox_install_packages
    sandbox_start_engine "$dir"
    sandbox_build_fixtures "$dir"
    echo "DOCKER_HOST=unix://$dir/docker.sock"
    ;;
  stop) sandbox_stop_engine "$dir" && echo "sandbox engine stopped" ;;
  status)
    if [ -f "$dir/dockerd.pid" ] && kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null; then
      echo "running: DOCKER_HOST=unix://$dir/docker.sock"
    else
      echo "not running"
    fi
    ;;
  *) echo "usage: npm run sandbox -- start|stop|status" >&2; exit 2 ;;
esac
