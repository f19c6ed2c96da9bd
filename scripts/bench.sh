#!/usr/bin/env bash
# npm run bench -- <name>: runs bench/<name>.ts; its last line is the headline figure.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [ -z "$name" ] || [ ! -f "bench/$name.ts" ]; then
  echo "usage: npm run bench -- <name>   (one of: $(ls bench/*.ts 2>/dev/null | xargs -n1 basename | sed 's/\.ts$//' | tr '\n' ' '))" >&2
  exit 2
fi
shift
exec npx tsx "bench/$name.ts" "$@"
