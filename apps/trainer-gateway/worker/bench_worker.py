"""Sizes the defaults on real SFT data: vocabulary, tokens per conversation, SFT and GRPO tokens/s, batched
generation. Not a test: run by hand, e.g.
    /usr/bin/python3 bench_worker.py /work/data/sft.train.jsonl /work/data/sft.validation.jsonl --steps 150
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time

import torch

from astra_trainer.chat_template import parse_assistant_text
from astra_trainer.data import build_examples, read_conversations
from astra_trainer.generation import GenRequest, generate
from astra_trainer.grpo import run_grpo_step
from astra_trainer.sft import run_sft
from astra_trainer.state import fresh_state, load_state


def lengths_report(state, records, context: int) -> dict:
    out = {}
    for reasoning in (False, True):
        examples, _ = build_examples(records, state.template, 10**6, reasoning)
        n = sorted(len(e.ids) for e in examples)
        out["reasoning" if reasoning else "plain"] = {
            "mean": round(statistics.mean(n)), "median": n[len(n) // 2], "p95": n[int(0.95 * len(n))], "max": n[-1],
            "overContext": round(sum(x > context for x in n) / len(n), 3),
        }
    return out


def generation_report(state, records, batch: int) -> tuple[dict, list]:
    end = state.tokenizer.special("<|end|>")
    prompts = [state.template.render(r["messages"][:1], r.get("tools"), generation_prompt=True)[0] for r in records[:batch]]
    state.model.eval()
    started = time.perf_counter()
    for p in prompts[:16]:
        generate(state.model, [GenRequest(p, 96, temperature=0)], state.tokenizer.pad_id, end)
    single = 16 / (time.perf_counter() - started)
    reqs = [GenRequest(p, 96, temperature=1.0, seed=i) for i, p in enumerate(prompts)]
    started = time.perf_counter()
    results = generate(state.model, reqs, state.tokenizer.pad_id, end)
    batched = len(prompts) / (time.perf_counter() - started)
    greedy = generate(state.model, [GenRequest(p, 96, temperature=0) for p in prompts], state.tokenizer.pad_id, end)
    parsed = [parse_assistant_text(state.tokenizer.decode(g.tokens[:-1]))[1] for g in greedy]
    wanted = [[c["function"]["name"] for c in r["messages"][1].get("tool_calls") or []] for r in records[:batch]]
    report = {
        "singleTurnsPerSecond": round(single, 1),
        "batchedTurnsPerSecond": round(batched, 1),
        "batch": len(prompts),
        "greedyWithParsedCall": round(sum(bool(p) for p in parsed) / len(parsed), 3),
        "greedyRightFirstTool": round(sum(bool(p) and p[0]["name"] in w for p, w in zip(parsed, wanted)) / len(parsed), 3),
        "meanGeneratedTokens": round(statistics.mean(len(r.tokens) for r in results), 1),
    }
    return report, list(zip(prompts, results))


def episode_report(state, records) -> dict:
    """Whole validation episodes replayed turn by turn (tool results from the data), each turn's prompts of every
    episode generated as one batch, as a broker running them all at once would: episodes/s including the long
    later-turn prompts."""
    end = state.tokenizer.special("<|end|>")
    waves: dict[int, list[list[int]]] = {}
    for r in records:
        turn = 0
        for i, m in enumerate(r["messages"]):
            if m.get("role") == "assistant":
                waves.setdefault(turn, []).append(state.template.render(r["messages"][:i], r.get("tools"), generation_prompt=True)[0])
                turn += 1
    started = time.perf_counter()
    generated = 0
    for prompts in waves.values():
        out = generate(state.model, [GenRequest(p, 96, temperature=1.0, seed=k) for k, p in enumerate(prompts)], state.tokenizer.pad_id, end)
        generated += sum(len(o.tokens) for o in out)
    wall = time.perf_counter() - started
    turns = sum(len(p) for p in waves.values())
    return {"episodes": len(records), "turns": turns, "episodesPerSecond": round(len(records) / wall, 1), "generatedTokensPerSecond": round(generated / wall)}


def grpo_report(state, records, samples, directory: str) -> dict:
    path = os.path.join(directory, "batch.jsonl")
    rng = random.Random(0)
    with open(path, "w", encoding="utf-8") as handle:
        for i, (prompt, result) in enumerate(samples[:128]):
            turn = {"promptTokenIds": prompt, "tokenIds": result.tokens, "logprobs": result.logprobs}
            record = records[i]
            handle.write(json.dumps({"group": f"g{i // 8}", "environmentId": "e", "reward": rng.random(), "messages": record["messages"][:1], "tools": record.get("tools"), "turns": [turn]}) + "\n")
    token_run = run_grpo_step(state, {"batch": path, "learningRate": 1e-4, "clipLow": 0.2, "clipHigh": 0.28, "version": "b1"}, lambda v: None)
    with open(path, "w", encoding="utf-8") as handle:
        for i, record in enumerate(records[:128]):
            handle.write(json.dumps({"group": f"g{i // 8}", "environmentId": "e", "reward": rng.random(), "messages": record["messages"], "tools": record.get("tools"), "turns": []}) + "\n")
    render_run = run_grpo_step(state, {"batch": path, "learningRate": 1e-4, "clipLow": 0.2, "clipHigh": 0.28, "version": "b2"}, lambda v: None)
    keys = ("tokens", "tokensPerSecond", "clipFraction")
    return {"tokenData": {k: token_run[k] for k in keys}, "rerendered": {k: render_run[k] for k in keys}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("train")
    parser.add_argument("validation")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--context", type=int, default=384)
    parser.add_argument("--min-word-count", type=int, default=5)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--save", help="write the trained model here")
    parser.add_argument("--checkpoint", help="start from this checkpoint (steps counted from its step)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = {"width": 128, "layers": 3, "heads": 4, "context": args.context, "minWordCount": args.min_word_count}
    state = load_state(args.checkpoint, 1) if args.checkpoint else fresh_state(1, model, [args.train])
    train, _ = read_conversations(args.train)
    validation, _ = read_conversations(args.validation)
    print(json.dumps({"summary": state.summary(), "lengths": lengths_report(state, train, args.context)}), flush=True)
    speeds: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        sft = {"train": args.train, "validation": args.validation, "steps": args.steps, "batchSize": args.batch, "learningRate": args.lr, "warmupSteps": 20, "epochs": 100, "includeReasoning": False, "checkpointEvery": 0, "checkpointDir": directory}
        result = run_sft(state, sft, lambda e, f: speeds.append(f["tokensPerSecond"]) if e == "step" else None)
        wall = time.perf_counter() - started
        q = statistics.quantiles(speeds, n=10) if len(speeds) > 1 else [0.0]
        if args.save:
            state.save(args.save)
        print(json.dumps({"sft": result, "wallSeconds": round(wall), "tokensPerSecond": {"p10": round(q[0]), "median": round(statistics.median(speeds or [0.0])), "p90": round(q[-1])}}), flush=True)
        gen, samples = generation_report(state, validation, 128)
        print(json.dumps({"generation": gen}), flush=True)
        print(json.dumps({"episodes": episode_report(state, validation)}), flush=True)
        print(json.dumps({"grpo": grpo_report(state, validation, samples, directory)}), flush=True)


if __name__ == "__main__":
    main()
