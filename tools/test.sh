#!/usr/bin/env bash
# The whole test suite: typecheck, lint (module boundaries), then unit, integration and end-to-end tests
# against a real nats-server and PostgreSQL (installed and started when absent).
# Extra arguments go to Jest (e.g. `npm test -- --selectProjects unit`).
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false
# The nats-server that ensure-infra.sh starts has no authorization: services may connect without credentials.
export ASTRA_INSECURE_LOCAL_BUS=true
bash tools/ensure-infra.sh all || { echo "infrastructure setup failed" >&2; exit 1; }

status=0
checks_failed=0
step() {
  local name="$1"; shift
  printf '\n=== %s ===\n' "$name"
  if ! "$@"; then
    echo "*** $name failed"
    status=1
    [ "$name" = tests ] || checks_failed=$((checks_failed + 1))
  fi
}
step typecheck npx tsc -p tsconfig.json --noEmit
# eslint.config.js builds the Nx project graph the module-boundary rule needs, so this works on a fresh clone.
step lint npx eslint . --max-warnings=0
step format npm run --silent format:check
mkdir -p tmp
rm -f tmp/jest-results.json
step tests npx jest --ci --runInBand --forceExit --json --outputFile=tmp/jest-results.json "$@"

# One plain closing line that any reader understands; a failed typecheck or lint counts as a failure too.
summary="0 passed, 1 failed"
if [ -f tmp/jest-results.json ]; then
  summary=$(STEPS_FAILED="$checks_failed" node -e '
    const r = require("./tmp/jest-results.json");
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + Number(process.env.STEPS_FAILED);
    process.stdout.write(`${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests} skipped`);
  ') || summary="0 passed, 1 failed"
fi
echo
echo "tests: $summary"
exit $status
