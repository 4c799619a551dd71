"""The worker's trainable state: model, tokenizer, optimizer, step and seed, and its checkpoint file."""

from __future__ import annotations

import os
import random
import threading

import torch

from .chat_template import ChatTemplate
from .data import conversation_texts, read_conversations
from .errors import data_error
from .model import ModelConfig, TinyGPT
from .tokenizer import Tokenizer

WEIGHT_DECAY = 0.01
BETAS = (0.9, 0.95)


class TrainerState:
    def __init__(self, model: TinyGPT, tokenizer: Tokenizer, seed: int, step: int = 0):
        self.model = model
        self.tokenizer = tokenizer
        self.template = ChatTemplate(tokenizer)
        self.seed = seed
        self.step = step
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=BETAS, weight_decay=WEIGHT_DECAY)
        # Held while weights are read for generation or changed by a training step, so neither sees half an update.
        self.lock = threading.RLock()

    @property
    def context(self) -> int:
        return self.model.cfg.context

    def summary(self) -> dict:
        return {
            "parameters": self.model.parameter_count(),
            "vocabulary": len(self.tokenizer),
            "step": self.step,
            "context": self.context,
        }

    def set_learning_rate(self, lr: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    def save(self, path: str) -> int:
        with self.lock:
            payload = {
                "format": 1,
                "config": self.model.cfg.to_dict(),
                "weights": self.model.state_dict(),
                "tokenizer": self.tokenizer.to_state(),
                "optimizer": self.optimizer.state_dict(),
                "step": self.step,
                "seed": self.seed,
                "rng": {"torch": torch.get_rng_state(), "python": random.getstate()},
            }
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            tmp = f"{path}.tmp-{os.getpid()}"
            torch.save(payload, tmp)
            os.replace(tmp, path)  # a crash mid-write never leaves a truncated checkpoint under the real name
        return os.path.getsize(path)


def seed_all(seed: int) -> None:
    torch.manual_seed(seed)
    random.seed(seed)


def fresh_state(seed: int, model_args: dict, data_paths: list[str]) -> TrainerState:
    seed_all(seed)
    texts: list[str] = []
    for path in data_paths:
        records, _ = read_conversations(path)
        for record in records:
            texts.extend(conversation_texts(record))
    tokenizer = Tokenizer.build(texts, min_word_count=int(model_args.get("minWordCount", 5)))
    cfg = ModelConfig(
        vocab=len(tokenizer),
        width=int(model_args.get("width", 128)),
        layers=int(model_args.get("layers", 3)),
        heads=int(model_args.get("heads", 4)),
        context=int(model_args.get("context", 384)),
    )
    return TrainerState(TinyGPT(cfg), tokenizer, seed)


def load_state(path: str, seed: int) -> TrainerState:
    try:
        payload = torch.load(path, map_location="cpu")
    except (OSError, RuntimeError, EOFError) as exc:
        raise data_error(f"cannot read checkpoint {path}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != 1:
        raise data_error(f"{path} is not a worker checkpoint")
    model = TinyGPT(ModelConfig(**payload["config"]))
    model.load_state_dict(payload["weights"])
    state = TrainerState(model, Tokenizer.from_state(payload["tokenizer"]), seed, int(payload["step"]))
    state.optimizer.load_state_dict(payload["optimizer"])
    torch.set_rng_state(payload["rng"]["torch"])
    random.setstate(payload["rng"]["python"])
    return state
