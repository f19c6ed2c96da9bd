#!/usr/bin/env bash
# npm run up: install what is missing, then start the whole local stack and print where it is.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
bootstrap
cd "$ROOT"
exec node_modules/.bin/tsx scripts/stack/cli.ts up "$@"
