"""Supervised fine-tuning on assistant tokens only, resumable at any step with the same batches."""

from __future__ import annotations

import math
import os
import time
from typing import Callable

import torch
import torch.nn.functional as F

from .data import Example, build_examples, read_conversations
from .errors import data_error
from .model import TinyGPT
from .state import TrainerState

Emit = Callable[[str, dict], None]
GRAD_CLIP = 1.0
MIN_LR_FRACTION = 0.1
VALIDATION_EXAMPLES = 512
VALIDATION_BATCH = 32
BUCKET = 16


def pad_batch(examples: list[Example], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded ids and masks, as long as the batch's longest sequence."""
    longest = max(len(e.ids) for e in examples)
    ids = torch.full((len(examples), longest), pad_id, dtype=torch.long)
    mask = torch.zeros(len(examples), longest)
    for row, e in enumerate(examples):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.mask)] = torch.tensor(e.mask, dtype=torch.float)
    return ids, mask


def masked_loss(model: TinyGPT, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean cross-entropy over the target tokens whose mask is 1 (each predicted from the tokens before it). Only
    those positions are projected to the vocabulary: the others carry no loss and would only cost time."""
    hidden = model.hidden(ids[:, :-1])
    where = mask[:, 1:] > 0
    logits = model.logits(hidden[where])
    count = where.sum()
    return F.cross_entropy(logits, ids[:, 1:][where], reduction="sum") / count.clamp(min=1), count


def learning_rate(step: int, peak: float, warmup: int, total: int) -> float:
    """Linear warmup to the peak, then cosine decay to a tenth of it at the last step."""
    if warmup > 0 and step <= warmup:
        return peak * step / warmup
    span = max(1, total - warmup)
    progress = min(1.0, (step - warmup) / span)
    return peak * (MIN_LR_FRACTION + (1 - MIN_LR_FRACTION) * 0.5 * (1 + math.cos(math.pi * progress)))


def epoch_batches(epoch: int, seed: int, lengths: list[int], batch_size: int) -> list[list[int]]:
    """Epoch e's batches, seeded by (seed, e): a random order, sorted by length within windows of BUCKET batches so
    a batch pads little, then the batches shuffled. The same (seed, epoch) always gives the same batches."""
    gen = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    order = torch.randperm(len(lengths), generator=gen).tolist()
    window = batch_size * BUCKET
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: lengths[i])
        batches.extend(chunk[j : j + batch_size] for j in range(0, len(chunk), batch_size))
    return [batches[i] for i in torch.randperm(len(batches), generator=gen).tolist()]


def batch_indices(step: int, seed: int, lengths: list[int], batch_size: int) -> list[int]:
    """The examples of a (1-based) step."""
    per_epoch = math.ceil(len(lengths) / batch_size)
    epoch, within = divmod(step - 1, per_epoch)
    return epoch_batches(epoch, seed, lengths, batch_size)[within]


@torch.no_grad()
def validation_loss(state: TrainerState, examples: list[Example]) -> float:
    total, count = 0.0, 0.0
    for start in range(0, min(len(examples), VALIDATION_EXAMPLES), VALIDATION_BATCH):
        ids, mask = pad_batch(examples[start : start + VALIDATION_BATCH], state.tokenizer.pad_id)
        loss, n = masked_loss(state.model, ids, mask)
        total += float(loss) * float(n)
        count += float(n)
    return total / max(count, 1.0)


def train_step(state: TrainerState, batch: list[Example], lr: float) -> tuple[float, int]:
    """One optimizer step on a batch; returns the loss and the batch's real (non-padding) token count."""
    ids, mask = pad_batch(batch, state.tokenizer.pad_id)
    with state.lock:
        state.model.train()
        state.set_learning_rate(lr)
        state.optimizer.zero_grad(set_to_none=True)
        loss, _ = masked_loss(state.model, ids, mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(state.model.parameters(), GRAD_CLIP)
        state.optimizer.step()
        state.step += 1
    return float(loss), sum(len(e.ids) for e in batch)


def run_sft(state: TrainerState, args: dict, emit: Emit) -> dict:
    include_reasoning = bool(args.get("includeReasoning", False))
    records, skipped = read_conversations(args["train"])
    train, dropped = build_examples(records, state.template, state.context, include_reasoning)
    skipped += dropped
    validation: list[Example] = []
    if args.get("validation"):
        val_records, _ = read_conversations(args["validation"])
        validation, _ = build_examples(val_records, state.template, state.context, include_reasoning)
    if not train:
        raise data_error("no training example has an assistant token within the context")
    batch_size = int(args["batchSize"])
    per_epoch = math.ceil(len(train) / batch_size)
    last = min(int(args["steps"]), int(args.get("epochs", 1)) * per_epoch)
    every = int(args.get("checkpointEvery") or 0)
    lengths = [len(e.ids) for e in train]
    loss, val_loss, tokens = None, None, 0
    for step in range(state.step + 1, last + 1):
        lr = learning_rate(step, float(args["learningRate"]), int(args.get("warmupSteps", 0)), last)
        batch = [train[i] for i in batch_indices(step, state.seed, lengths, batch_size)]
        started = time.perf_counter()
        loss, count = train_step(state, batch, lr)
        tokens += count
        emit("step", {"step": step, "loss": loss, "learningRate": lr, "tokensPerSecond": count / max(time.perf_counter() - started, 1e-9)})
        if step == last or (every > 0 and step % every == 0):
            if validation:
                val_loss = validation_loss(state, validation)
                emit("validation", {"step": step, "validationLoss": val_loss})
            path = os.path.join(args["checkpointDir"], f"step-{step}.pt")
            state.save(path)
            emit("checkpoint", {"step": step, "path": path})
    return {"step": state.step, "loss": loss, "validationLoss": val_loss, "examples": len(train), "skipped": skipped, "tokens": tokens}
