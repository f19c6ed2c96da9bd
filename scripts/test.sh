#!/usr/bin/env bash
# npm test: install what is missing, start the test stack (own ports, data in .data/test), run
# every test of every workspace, and end with one line summed from the runners' real results.
set -uo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
bootstrap
ensure_chromium
cd "$ROOT"
export BIZOSAAS_PROFILE=test
node_modules/.bin/tsx scripts/stack/cli.ts up --infra || die "the test stack did not start" "see the messages above"

reports="$ROOT/.data/test/reports"
rm -rf "$reports" && mkdir -p "$reports"
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" "$@"

# CI machines are torn down afterwards; a developer keeps the test stack warm for the next run.
[ "${CI:-}" = true ] && node_modules/.bin/tsx scripts/stack/cli.ts down >/dev/null
exec node_modules/.bin/tsx scripts/test-summary.ts "$reports"
