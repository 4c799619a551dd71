#!/usr/bin/env bash
# The whole test suite: typecheck, lint (module boundaries), then unit, integration and end-to-end tests
# against a real nats-server and PostgreSQL (installed and started when absent).
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false
bash tools/ensure-infra.sh all || { echo "infrastructure setup failed" >&2; exit 1; }

status=0
step() {
  local name="$1"; shift
  printf '\n=== %s ===\n' "$name"
  if ! "$@"; then echo "*** $name failed"; status=1; fi
}
step typecheck npx tsc -p tsconfig.json --noEmit
# eslint reads the Nx project graph for the module-boundary rule; build it first.
step lint bash -c "npx nx show projects >/dev/null && npx eslint . --max-warnings=0"
step tests npx jest --ci --runInBand "$@"
exit $status
