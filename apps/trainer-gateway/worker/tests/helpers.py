"""Shared pieces of the worker tests: the fixture's path and a tiny model built from it."""

from __future__ import annotations

import json
import os

import torch

from astra_trainer.state import TrainerState, fresh_state

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixtures", "sft.jsonl")
TINY = {"width": 32, "layers": 2, "heads": 2, "context": 160, "minWordCount": 2}


def tiny_state(seed: int = 7, **overrides) -> TrainerState:
    torch.set_num_threads(1)
    return fresh_state(seed, {**TINY, **overrides}, [FIXTURE])


def fixture_records() -> list[dict]:
    records = []
    with open(FIXTURE, encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if any(m.get("role") == "assistant" for m in record["messages"]):
                records.append(record)
    return records
