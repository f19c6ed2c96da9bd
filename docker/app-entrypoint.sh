#!/bin/sh
# Reads the token openbao-init left, applies migrations, then runs the given process.
set -eu
[ -z "${VAULT_TOKEN:-}" ] && [ -f /keys/token ] && VAULT_TOKEN="$(cat /keys/token)" && export VAULT_TOKEN
node scripts/run-ts.mjs server/src/cli/migrate.ts
exec "$@"
