#!/usr/bin/env bash
# The whole test suite (the README's `npm test`): installs what is missing, starts a private Docker
# engine with fixture images, runs unit tests, the route handlers in-process against that engine
# (no build needed), integration tests against it, and Playwright e2e tests in Debian's Chromium
# against `next build` + `next start`; then stops what it started. Never touches
# /var/run/docker.sock.
#
# `--quick` (`npm run test:quick`, the inner loop while developing): unit tests and the in-process
# route tests only; no lint, type check, build or browser.
#
# Both runs also start a private PostgreSQL cluster and run the route tests that cover the store a
# second time against it (POSTGRES_ROUTE_TESTS below, a fresh database per file), plus the
# PostgreSQL store's own tests. TEST_POSTGRES=0 skips that pass.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# shellcheck source=scripts/lib/sandbox.sh
source scripts/lib/sandbox.sh

QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1

if [ "$QUICK" = 1 ]; then sandbox_install_packages; else sandbox_install_packages --with-browser; fi
[ "${TEST_POSTGRES:-1}" = 0 ] || sandbox_install_postgres
if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  npm ci --no-audit --no-fund
fi

SANDBOX=$(mktemp -d /tmp/dashboard-test.XXXXXX)
REPORTS="$SANDBOX/reports"
mkdir -p "$REPORTS"
cleanup() {
  local status=$?
  sandbox_stop_registry "$SANDBOX" || true
  sandbox_stop_postgres "$SANDBOX" || true
  sandbox_stop_engine "$SANDBOX" || true
  rm -rf "$SANDBOX" 2>/dev/null || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$QUICK" = 0 ]; then
  echo "== lint, format and import rules"
  npm run -s lint

  echo "== type check"
  npm run -s typecheck
fi

echo "== unit tests"
# A quick run goes on past failures to report both counts; the full run stops at the first.
npm run -s test:unit 2>&1 | tee "$REPORTS/unit.txt" || [ "$QUICK" = 1 ]

echo "== private Docker engine and fixture images"
sandbox_start_engine "$SANDBOX"
sandbox_build_fixtures "$SANDBOX"
export SANDBOX_DIR="$SANDBOX"

echo "== private registry (registry:2 with htpasswd auth on 127.0.0.1)"
REGISTRY_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export REGISTRY_ADDRESS="127.0.0.1:$REGISTRY_PORT" REGISTRY_USERNAME="ci-user" REGISTRY_PASSWORD="ci-registry-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
sandbox_start_registry "$SANDBOX" "$REGISTRY_PORT" "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD"

echo "== route tests (handlers called in-process against the private engine; no build)"
# One migrated database that each test file copies (lib/testing/route-client.ts).
mkdir -p "$SANDBOX/route-db"
DASHBOARD_DATA_DIR="$SANDBOX/route-db" DATABASE_URL="file:$SANDBOX/route-db/dashboard.db" npx tsx scripts/db-migrate.ts >/dev/null
export ROUTE_TEST_DATABASE_TEMPLATE="$SANDBOX/route-db/dashboard.db"
npm run -s test:routes 2>&1 | tee "$REPORTS/routes.txt" || [ "$QUICK" = 1 ]

# The route tests that read and write the store (audit, users, sessions, tokens, registries,
# clean-up plans and policies, builds history, the layer explorer), again with DATABASE_URL on
# PostgreSQL. (engines.route.test.ts is left out: it starts four more engines for little store work.)
POSTGRES_ROUTE_TESTS=(
  lib/auth/auth.route.test.ts
  lib/auth/setup.route.test.ts
  lib/http/api.route.test.ts
  lib/images/transfer.route.test.ts
  lib/cleanup/cleanup.route.test.ts
  lib/cleanup/cleanup-run.route.test.ts
  lib/cleanup/cleanup-policies.route.test.ts
  lib/builds/history.route.test.ts
  lib/builds/cancel.route.test.ts
  lib/containers/console-limit.route.test.ts
  lib/layers/layers.route.test.ts
  lib/instances/health.route.test.ts
  # the layer explorer's store (unit tests: each opens its own databases on TEST_POSTGRES_URL_BASE)
  lib/layers/store.test.ts
)
: >"$REPORTS/routes-postgres.txt"
if [ "${TEST_POSTGRES:-1}" != 0 ]; then
  echo "== the store's route tests again on PostgreSQL (private cluster on 127.0.0.1)"
  started=$SECONDS
  POSTGRES_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  sandbox_start_postgres "$SANDBOX" "$POSTGRES_PORT"
  export TEST_POSTGRES_URL_BASE="$SANDBOX_POSTGRES_URL_BASE"
  # One migrated database that each test file copies (CREATE DATABASE … TEMPLATE, lib/testing/route-client.ts).
  psql -q "$TEST_POSTGRES_URL_BASE/postgres" -c 'CREATE DATABASE route_template' >/dev/null
  DATABASE_URL="$TEST_POSTGRES_URL_BASE/route_template" npx tsx scripts/db-migrate.ts >/dev/null
  ROUTE_TEST_POSTGRES_TEMPLATE="$TEST_POSTGRES_URL_BASE/route_template" \
    node --conditions=react-server --import tsx --test --test-concurrency=1 lib/database-postgres.integration.test.ts lib/database-copy.integration.test.ts "${POSTGRES_ROUTE_TESTS[@]}" 2>&1 |
    tee "$REPORTS/routes-postgres.txt" || [ "$QUICK" = 1 ]
  echo "PostgreSQL pass: $((SECONDS - started)) s"
fi

count() { grep -E "^# $1 [0-9]+" "$2" | awk '{s+=$3} END {print s+0}'; }
if [ "$QUICK" = 1 ]; then
  passed=$(( $(count pass "$REPORTS/unit.txt") + $(count pass "$REPORTS/routes.txt") + $(count pass "$REPORTS/routes-postgres.txt") ))
  failed=$(( $(count fail "$REPORTS/unit.txt") + $(count fail "$REPORTS/routes.txt") + $(count fail "$REPORTS/routes-postgres.txt") ))
  echo "quick tests: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

echo "== production build"
rm -rf .next
npx next build

echo "== integration tests (lib/ against the private engine, and the real server)"
export DASHBOARD_DATA_DIR="$SANDBOX/integration-data"
npx tsx scripts/db-migrate.ts >/dev/null
# `npm run test:integration` runs these and the route tests; the route tests already ran above.
# (The PostgreSQL store's own tests, lib/database-*.integration.test.ts, ran in the PostgreSQL pass.)
node --conditions=react-server --import tsx --test --test-concurrency=1 $(find lib -name '*.integration.test.ts' -not -name 'database-*' | sort) 2>&1 |
  tee "$REPORTS/integration.txt"
unset DASHBOARD_DATA_DIR
# The ssh transport's latency (lib/docker/ssh.integration.test.ts), the figures the README quotes.
grep -h "median ms per call" "$REPORTS/integration.txt" | sed 's/^ *# */ssh engine latency, /' || true

echo "== e2e tests (Playwright, Debian Chromium, next start)"
export E2E_DATA_DIR="$SANDBOX/e2e-data"
PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" npx playwright test --reporter=list,json

passed=$(( $(count pass "$REPORTS/unit.txt") + $(count pass "$REPORTS/routes.txt") + $(count pass "$REPORTS/routes-postgres.txt") + $(count pass "$REPORTS/integration.txt") ))
failed=$(( $(count fail "$REPORTS/unit.txt") + $(count fail "$REPORTS/routes.txt") + $(count fail "$REPORTS/routes-postgres.txt") + $(count fail "$REPORTS/integration.txt") ))
e2e=$(node -e 'const s=require(process.argv[1]).stats; console.log(s.expected, s.unexpected + s.flaky)' "$REPORTS/e2e.json")
passed=$(( passed + ${e2e% *} ))
failed=$(( failed + ${e2e#* } ))
echo "all tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
