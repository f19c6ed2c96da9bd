#!/usr/bin/env bash
# npm run down | status: stop or show the local stack (BIZOSAAS_PROFILE=test for the test stack).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/tsx ] || { echo "nothing installed yet: run npm run up first" >&2; exit 1; }
export BIZOSAAS_PG_BINDIR="${BIZOSAAS_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
exec node_modules/.bin/tsx scripts/stack/cli.ts "$@"
