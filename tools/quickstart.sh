#!/usr/bin/env bash
# The main job on one machine: make sure NATS (and PostgreSQL, node modules) are there, start graph-miner and the verifier, import the
# three reference MCP servers through the astra CLI, print the catalog, build their tool-call graphs (structural, no
# model needed), show one, sample chains with a fixed seed, verify them by argument provenance, list the accepted
# ones, run a tool in the verifier's sandbox, synthesize RL environments (env-compiler), run a GRPO rollout batch on them
# with the oracle policy (rollout-broker), make tasks from those environments and SFT trajectories for them with the
# oracle agent, judged by rules, exported as OpenAI messages (trajectory-synth), train a small transformer from scratch
# on them (SFT), then with GRPO against the rollout broker, evaluate both on the held-out environments (trainer-gateway's
# local PyTorch worker), and stop the services on exit.
# Environment: PORT (graph-miner's health port, default 3001), TRAJECTORY_SYNTH_PORT (default 3002), VERIFIER_PORT (default 3004), ENV_COMPILER_PORT (default 3003), ROLLOUT_BROKER_PORT (default 3005), TRAINER_GATEWAY_PORT (default 3006), NATS_URL, ASTRA_NAMESPACE, ASTRA_DATA_DIR (default .data),
# DATABASE_URL (PostgreSQL instead of SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."

export ASTRA_DATA_DIR="${ASTRA_DATA_DIR:-.data}"
# The local nats-server that ensure-infra.sh starts has no authorization (SECURITY.md: never in a deployment).
export ASTRA_INSECURE_LOCAL_BUS="${ASTRA_INSECURE_LOCAL_BUS:-true}"
GRAPH_MINER_PORT="${PORT:-3001}"
TRAJECTORY_SYNTH_PORT="${TRAJECTORY_SYNTH_PORT:-3002}"
VERIFIER_PORT="${VERIFIER_PORT:-3004}"
ENV_COMPILER_PORT="${ENV_COMPILER_PORT:-3003}"
ROLLOUT_BROKER_PORT="${ROLLOUT_BROKER_PORT:-3005}"
TRAINER_GATEWAY_PORT="${TRAINER_GATEWAY_PORT:-3006}"
log_dir="$ASTRA_DATA_DIR/logs"

say() { printf '[quickstart] %s\n' "$*" >&2; }

bash tools/ensure-infra.sh all

# Answers true when GET /readyz on a port returns 200 (bash's /dev/tcp: no curl needed on a fresh machine).
ready() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -n1 <&3 | grep -q ' 200 '
  ) 2>/dev/null
}

pids=()
stop_services() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  [ "${#pids[@]}" -eq 0 ] || say "services stopped"
}
trap stop_services EXIT
trap 'exit 130' INT TERM

# start_service NAME PORT: starts apps/NAME on PORT (logs in $log_dir/NAME.log) and waits until it is ready.
start_service() {
  local name="$1" port="$2" log="$log_dir/$1.log" pid
  if ready "$port"; then
    say "something already answers on port $port; stop it or choose another port (PORT, TRAJECTORY_SYNTH_PORT, VERIFIER_PORT, ENV_COMPILER_PORT, ROLLOUT_BROKER_PORT, TRAINER_GATEWAY_PORT)"
    exit 1
  fi
  mkdir -p "$log_dir"
  say "starting $name on port $port (logs: $log)"
  PORT="$port" node -r @swc-node/register "apps/$name/src/main.ts" >>"$log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$name exited before it was ready; last lines of $log:"
      tail -n 20 "$log" >&2
      exit 1
    fi
    ready "$port" && break
    sleep 0.2
  done
  ready "$port" || { say "$name was not ready after 120 s; see $log"; exit 1; }
  say "$name is ready"
}

start_service graph-miner "$GRAPH_MINER_PORT"
start_service verifier "$VERIFIER_PORT"
start_service env-compiler "$ENV_COMPILER_PORT"
start_service rollout-broker "$ROLLOUT_BROKER_PORT"
start_service trajectory-synth "$TRAJECTORY_SYNTH_PORT"
start_service trainer-gateway "$TRAINER_GATEWAY_PORT"

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

echo
say "running a tool in the verifier's sandbox (Python on Pyodide, time and memory limits, deterministic)"
tool="$ASTRA_DATA_DIR/quickstart-tool.py"
printf '%s\n' 'import json, random' 'print(json.dumps({"capital": "Paris", "draw": random.random()}))' >"$tool"
tools/bin/astra sandbox run "$tool" --check-determinism

echo
say "synthesizing RL environments from knowledge data (kb strategy: no model), every tool checked in the sandbox"
tools/bin/astra env synthesize --strategy kb --count 60 --seed 7 --min-hops 1 --max-hops 4 --split-by entity --held-out 0.2 --job-id quickstart-env
echo
tools/bin/astra env ls --job quickstart-env --limit 8
echo
first_env="$(tools/bin/astra env ls --job quickstart-env --limit 1 --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s)[0].id))')"
tools/bin/astra env show "$first_env"
echo
tools/bin/astra env export --job quickstart-env --out "$ASTRA_DATA_DIR/environments.jsonl"
tools/bin/astra env export --job quickstart-env --format astra --out "$ASTRA_DATA_DIR/environments.astra.jsonl"

echo
say "running a GRPO rollout batch on the train split: 8 groups of 4 episodes with the oracle policy (no model), scored by trajectory F1"
tools/bin/astra rollouts run --env-job quickstart-env --split train --policy oracle -G 4 -n 8 --job-id quickstart-rollouts
echo
tools/bin/astra rollouts ls --job quickstart-rollouts --limit 5
echo
first_episode="$(tools/bin/astra rollouts ls --job quickstart-rollouts --limit 1 --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s)[0].id))')"
tools/bin/astra rollouts show "$first_episode"

echo
say "making tasks from the train environments (template strategy: no model), scored and filtered"
tools/bin/astra tasks generate --from environments --env-job quickstart-env --split train --count 20 --job-id quickstart-tasks
echo
say "solving them with the oracle agent against the compiled tools in verifier sessions, judged by rule checks (no judge model)"
tools/bin/astra trajectories synthesize --tasks-job quickstart-tasks --job-id quickstart-trajectories
echo
tools/bin/astra trajectories ls --job quickstart-trajectories --limit 5
echo
first_trajectory="$(tools/bin/astra trajectories ls --job quickstart-trajectories --limit 1 --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s)[0].id))')"
tools/bin/astra trajectories show "$first_trajectory"
echo
tools/bin/astra trajectories export --job quickstart-trajectories --format openai --out "$ASTRA_DATA_DIR/sft"

echo
say "training (trainer-gateway's local PyTorch worker): SFT of a small transformer from scratch on the accepted trajectories"
tools/bin/astra train sft --data quickstart-trajectories --steps 80 --lr 0.003 --checkpoint-every 40 --job-id quickstart-sft
echo
say "evaluating it on the held-out environments: the worker serves the checkpoint, rollout-broker runs one greedy episode each"
tools/bin/astra train eval --from quickstart-sft --env-job quickstart-env --split held-out --max-turns 6 --distractors-per-band 0 --job-id quickstart-eval-sft
echo
say "GRPO from it: 3 steps, each a batch of 4 groups of 4 episodes on the train environments, the served policy updated after each"
tools/bin/astra train grpo --from quickstart-sft --env-job quickstart-env --split train --steps 3 -G 4 -n 4 --max-turns 6 --distractors-per-band 0 --job-id quickstart-grpo
echo
tools/bin/astra train eval --from quickstart-grpo --env-job quickstart-env --split held-out --max-turns 6 --distractors-per-band 0 --job-id quickstart-eval-grpo
echo
tools/bin/astra jobs ls
echo
tools/bin/astra jobs show quickstart-grpo
