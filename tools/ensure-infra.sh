#!/usr/bin/env bash
# Makes a machine ready to run Astra: node modules, the compiled CLI, nats-server with JetStream, PostgreSQL, and
# PyTorch for trainer-gateway's local worker (Debian's python3-torch with the threaded OpenBLAS).
# Installs Debian packages when they are missing and starts the servers when they are not running.
# Idempotent: on a machine that already has everything it only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

NATS_PORT="${ASTRA_NATS_PORT:-4222}"
PG_PORT="${ASTRA_PG_PORT:-5432}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[infra] %s\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 100); do listening "$1" && return 0; sleep 0.2; done
  log "nothing listens on 127.0.0.1:$1"; return 1
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

ensure_node_modules() {
  local stamp=node_modules/.astra-lock-hash
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}

# The compiled astra CLI in dist/cli: `npm ci` builds it (the root prepare script); rebuilt here when a source changed
# since, so tests and benchmarks run what tools/bin/astra runs for a user.
ensure_cli_build() {
  node tools/cli-build-stamp.js && return 0
  log "building the astra CLI (dist/cli)"
  npm run --silent build:cli
}

ensure_nats() {
  if listening "$NATS_PORT"; then return 0; fi
  command -v nats-server >/dev/null 2>&1 || apt_install nats-server
  local dir="${ASTRA_NATS_STORE:-/var/lib/nats-server}"
  mkdir -p "$dir" 2>/dev/null || dir="$PWD/.data/nats"
  mkdir -p "$dir"
  log "starting nats-server on 127.0.0.1:$NATS_PORT (JetStream in $dir)"
  nohup nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$dir" >"$dir/nats-server.log" 2>&1 &
  wait_port "$NATS_PORT"
}

ensure_postgres() {
  if ! listening "$PG_PORT"; then
    command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1 || true)
    if [ -z "$version" ] || ! pg_lsclusters -h | grep -q " main "; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
      log "creating PostgreSQL $version cluster"
      $SUDO pg_createcluster "$version" main >/dev/null
    fi
    # Trust on loopback, as the development machines are set up.
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q "astra-trust" "$hba"; then
      printf '# astra-trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust\n' | cat - "$hba" > /tmp/astra-hba && $SUDO cp /tmp/astra-hba "$hba"
    fi
    log "starting PostgreSQL $version"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || $SUDO pg_ctlcluster "$version" main start
    wait_port "$PG_PORT"
  fi
  local db="${ASTRA_PG_TEST_DB:-astra_test}"
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
    log "creating database $db"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $db" postgres
  fi
}

# The local training worker runs on /usr/bin/python3 (a version manager's python3 earlier on PATH does not see Debian's
# torch). Without libopenblas0-pthread torch falls back to the reference BLAS, about 4 times slower (STACK.md).
ensure_torch() {
  local missing=()
  /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
  dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
  [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

what="${1:-all}"
case "$what" in
  node) ensure_node_modules; ensure_cli_build ;;
  nats) ensure_nats ;;
  postgres) ensure_postgres ;;
  torch) ensure_torch ;;
  all) ensure_node_modules; ensure_cli_build; ensure_nats; ensure_postgres; ensure_torch ;;
  *) echo "usage: $0 [all|node|nats|postgres|torch]" >&2; exit 2 ;;
esac
