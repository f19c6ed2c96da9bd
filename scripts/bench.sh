#!/usr/bin/env bash
# npm run bench -- <name>: runs bench/<name>.ts; its last line is the headline figure. Installs
# what is missing and starts what the bench needs, as npm test does: the test stack (own ports,
# data in .data/test) for the benches that run flows, Chromium for the editor's.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
cd "$ROOT"
name="${1:-}"
if [ -z "$name" ] || [ ! -f "bench/$name.ts" ]; then
  echo "usage: npm run bench -- <name>   (one of: $(ls bench/*.ts 2>/dev/null | xargs -n1 basename | sed 's/\.ts$//' | tr '\n' ' '))" >&2
  exit 2
fi
shift
bootstrap
case "$name" in
  compile) ;; # pure computation
  faults | soak | throughput) ;; # start a private drill stack of their own
  editor) ensure_chromium ;;
  *)
    BIZOSAAS_PROFILE=test node_modules/.bin/tsx scripts/stack/cli.ts up --infra ||
      die "the test stack did not start" "see the messages above"
    ;;
esac
exec node_modules/.bin/tsx "bench/$name.ts" "$@"
