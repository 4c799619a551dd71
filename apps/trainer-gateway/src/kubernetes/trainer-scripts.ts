// The Python the training pods run next to the trainers (shipped in the job's ConfigMap). Kept small: the trainers
// (TRL, verl) do the work; these adapt our data and report `{"astra_step": n, ...}` lines that follow() parses.

/** TRL SFT launcher: reads sft.yaml (`trl sft` key names), trains, prints one astra_step line per logged step. */
export const SFT_LAUNCHER_PY = `# Astra SFT launcher: TRL's SFTTrainer on the gateway's export; one {"astra_step": ...} line per logged step.
import json
import sys

import yaml
from datasets import load_dataset
from transformers import TrainerCallback
from trl import SFTConfig, SFTTrainer

KEYS = {"loss": "loss", "learning_rate": "learningRate", "eval_loss": "validationLoss"}


class AstraSteps(TrainerCallback):
    def on_log(self, args, state, control, logs=None, **kwargs):
        metrics = {name: float(logs[key]) for key, name in KEYS.items() if logs and key in logs}
        if metrics:
            print(json.dumps({"astra_step": state.global_step, **metrics}), flush=True)


def main(path):
    with open(path) as handle:
        config = yaml.safe_load(handle)
    model = config.pop("model_name_or_path")
    data = config.pop("datasets")[0]
    dataset = load_dataset(data["path"], data_files=data["data_files"], split=data["split"])
    trainer = SFTTrainer(model=model, args=SFTConfig(**config), train_dataset=dataset, callbacks=[AstraSteps()])
    trainer.train()
    trainer.save_model(config["output_dir"])


if __name__ == "__main__":
    main(sys.argv[1])
`;

/** verl reads parquet: the gateway's task rows (JSON lines) become verl's RL rows (prompt, reward_model, extra_info). */
export const TO_PARQUET_PY = `# Converts the gateway's GRPO task rows (JSON lines) to the parquet rows verl's RL dataset reads.
import json
import sys

import pandas as pd


def to_row(index, task):
    truth = json.dumps({"subTasks": task["subTasks"], "finalAnswer": task["finalAnswer"]})
    return {
        "data_source": "astra",
        "prompt": task["prompt"],
        "agent_name": "tool_agent",
        "ability": "tool-use",
        "reward_model": {"style": "rule", "ground_truth": truth},
        "extra_info": {
            "index": index,
            "id": task["id"],
            "need_tools_kwargs": True,
            "tools_kwargs": {"code_interpreter": {"create_kwargs": {"ground_truth": truth}}},
        },
    }


def main(source, target):
    with open(source) as handle:
        rows = [to_row(i, json.loads(line)) for i, line in enumerate(handle) if line.strip()]
    pd.DataFrame(rows).to_parquet(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
`;

/**
 * verl's custom reward: our F1 (libs/domain/rollouts scoreTrajectory), approximated on the decoded response. A
 * tooled sub-task is solved when a tool response contains its answer (the call's arguments are not matched against
 * the statement, as scoreTrajectory does); a tool-free one when the final answer does; precision counts every call.
 */
export const F1_REWARD_PY = `# Astra's F1 reward for verl (custom_reward_function), an approximation of scoreTrajectory on the response text.
import json
import re

EPS = 1e-6


def normalise(text):
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def contains(text, answer):
    needle = normalise(answer)
    return needle != "" and f" {needle} " in f" {normalise(text)} "


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    truth = json.loads(ground_truth)
    sub_tasks = truth["subTasks"]
    responses = re.findall(r"<tool_response>(.*?)</tool_response>", solution_str, flags=re.S)
    calls = len(re.findall(r"<tool_call>", solution_str))
    final = solution_str.split("</tool_response>")[-1]
    by_call = sum(1 for s in sub_tasks if s["tooled"] and any(contains(r, s["answer"]) for r in responses))
    by_final = sum(1 for s in sub_tasks if not s["tooled"] and contains(final, s["answer"]))
    tooled = sum(1 for s in sub_tasks if s["tooled"])
    recall = (by_call + by_final) / len(sub_tasks) if sub_tasks else 0.0
    precision = (1.0 if calls == 0 else 0.0) if tooled == 0 else min(1.0, by_call / (calls + EPS))
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    solved = 1.0 if contains(final, truth["finalAnswer"]) else 0.0
    return {"score": f1, "recall": recall, "precision": precision, "calls": float(calls), "solved": solved}
`;

/** Echoes verl's console log and adds an astra_step line for each of its `step:N - key:value - ...` lines. */
export const VERL_STEPS_PY = `# Echoes verl's console output; each "step:N - key:value - ..." line also becomes an {"astra_step": N, ...} line.
import json
import sys

KEYS = {
    "actor/pg_loss": "loss",
    "actor/lr": "learningRate",
    "critic/score/mean": "rewardMean",
    "actor/pg_clipfrac": "clipFraction",
    "perf/throughput": "tokensPerSecond",
}


def parse(line):
    parts = [p.strip() for p in line.strip().split(" - ")]
    if not parts or not parts[0].startswith("step:"):
        return None
    values = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
    metrics = {}
    for key, name in KEYS.items():
        try:
            metrics[name] = float(values[key])
        except (KeyError, ValueError):
            pass
    return {"astra_step": int(parts[0][5:]), **metrics}


for line in sys.stdin:
    sys.stdout.write(line)
    try:
        step = parse(line)
    except ValueError:
        step = None
    if step is not None:
        sys.stdout.write(json.dumps(step) + "\\n")
    sys.stdout.flush()
`;
