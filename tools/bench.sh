#!/usr/bin/env bash
# Runs every benchmark (bench/<name>/<name>.bench.ts), or the ones named: `npm run bench -- sandbox llm-client`.
# Each prints its figures and ratios against a baseline measured in the same run, and exits non-zero on a missed target.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-infra.sh all || exit 1
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for dir in bench/*/; do names+=("$(basename "$dir")"); done
fi
failed=()
for name in "${names[@]}"; do
  file="bench/$name/$name.bench.ts"
  [ -f "$file" ] || { echo "no benchmark $file" >&2; failed+=("$name"); continue; }
  printf '\n=== bench %s ===\n' "$name"
  node -r @swc-node/register "$file" || failed+=("$name")
done
echo
if [ ${#failed[@]} -eq 0 ]; then echo "benchmarks: all targets met"; else echo "benchmarks: targets missed in ${failed[*]}"; exit 1; fi
