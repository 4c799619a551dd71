#!/usr/bin/env bash
# The main job on one machine: make sure NATS (and PostgreSQL, node modules) are there, start graph-miner, import the
# three reference MCP servers through the astra CLI, print the catalog, build their tool-call graphs (structural, no
# model needed), show one, sample chains with a fixed seed, verify them by argument provenance, list the accepted
# ones, and stop the service on exit.
# Environment: PORT (graph-miner's health port, default 3001), NATS_URL, ASTRA_NAMESPACE, ASTRA_DATA_DIR (default .data),
# DATABASE_URL (PostgreSQL instead of SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-3001}"
export ASTRA_DATA_DIR="${ASTRA_DATA_DIR:-.data}"
# The local nats-server that ensure-infra.sh starts has no authorization (SECURITY.md: never in a deployment).
export ASTRA_INSECURE_LOCAL_BUS="${ASTRA_INSECURE_LOCAL_BUS:-true}"
log_dir="$ASTRA_DATA_DIR/logs"
log="$log_dir/graph-miner.log"

say() { printf '[quickstart] %s\n' "$*" >&2; }

bash tools/ensure-infra.sh all

# Answers true when GET /readyz returns 200 (bash's /dev/tcp: no curl needed on a fresh machine).
ready() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -n1 <&3 | grep -q ' 200 '
  ) 2>/dev/null
}

if ready; then
  say "something already answers on port $PORT; stop it or set PORT to a free port"
  exit 1
fi

mkdir -p "$log_dir"
say "starting graph-miner on port $PORT (logs: $log)"
node -r @swc-node/register apps/graph-miner/src/main.ts >>"$log" 2>&1 &
service_pid=$!

stop_service() {
  if kill -0 "$service_pid" 2>/dev/null; then
    say "stopping graph-miner"
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
}
trap stop_service EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 600); do
  if ! kill -0 "$service_pid" 2>/dev/null; then
    say "graph-miner exited before it was ready; last lines of $log:"
    tail -n 20 "$log" >&2
    exit 1
  fi
  ready && break
  sleep 0.2
done
ready || { say "graph-miner was not ready after 120 s; see $log"; exit 1; }
say "graph-miner is ready"

tools/bin/astra catalog import mcp:memory mcp:filesystem mcp:everything
echo
tools/bin/astra catalog ls

echo
say "building tool-call graphs (structural)"
tools/bin/astra graph build --strategy structural
echo
tools/bin/astra graph show memory
echo
say "sampling chains (seed 42, 2 to 5 tools, at most 20 per server)"
tools/bin/astra chains sample --seed 42 --per-server 20 --min 2 --max 5
echo
say "verifying chains by argument provenance"
tools/bin/astra chains verify --operator provenance
echo
tools/bin/astra chains ls --status accepted
