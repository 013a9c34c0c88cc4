#!/usr/bin/env bash
# Installs what the tests need (Chromium and PostgreSQL from Debian's packages, if missing),
# then runs every check: lint, typecheck, build, unit + API tests (vitest, against SQLite and
# PostgreSQL), browser tests (Playwright) and a dependency audit. Ends with one line:
# "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
PNPM=(npx -y pnpm@10)
mkdir -p test-results && rm -f test-results/vitest.json test-results/vitest-load.json test-results/playwright.json
status=0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium (browser tests)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ -z "${CROSSWIND_TEST_DATABASE_URL:-}" ] && [ -x scripts/postgres.sh ]; then
  echo "== starting PostgreSQL (repository tests run against it too)"
  url=$(bash scripts/postgres.sh | tail -n 1) && export CROSSWIND_TEST_DATABASE_URL="$url"
fi

echo "== install" && "${PNPM[@]}" install --frozen-lockfile || exit 1
echo "== lint" && "${PNPM[@]}" -s lint || status=1
echo "== typecheck" && "${PNPM[@]}" -s typecheck || status=1
echo "== build" && "${PNPM[@]}" -s build || exit 1
echo "== unit and API tests (vitest)"
"${PNPM[@]}" exec vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
echo "== load tests (alone: they measure latency)"
"${PNPM[@]}" exec vitest run --config tests/load/vitest.config.ts --reporter=default --reporter=json --outputFile.json=test-results/vitest-load.json || status=1
echo "== browser tests (playwright)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/test-results/playwright.json" "${PNPM[@]}" --filter @crosswind/tests exec playwright test --reporter=list,json || status=1
echo "== dependency audit (high and critical)"
if audit=$("${PNPM[@]}" audit --audit-level high --prod 2>&1); then
  echo "$audit" | tail -n 3
elif echo "$audit" | grep -q "AUDIT_BAD_RESPONSE\|405\|ENOTFOUND\|ECONNREFUSED"; then
  echo "audit not possible here: the registry refuses its audit endpoint (HTTP 405); not counted as a pass"
else
  echo "$audit"
  status=1
fi

node scripts/test-summary.mjs test-results/vitest.json test-results/vitest-load.json test-results/playwright.json || status=1
exit $status
