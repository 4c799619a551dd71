"""Batched generation with a KV cache: prompts left-padded, positions counted per sequence, finished rows dropped
from the batch as they end, each row sampled with its own temperature, top_p and seeded random stream."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import torch

from .model import TinyGPT


@dataclass
class GenRequest:
    prompt: list[int]
    max_tokens: int
    temperature: float = 1.0
    top_p: float = 1.0
    seed: int | None = None


@dataclass
class GenResult:
    tokens: list[int] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    finish: str = "length"


def _pick(logits: torch.Tensor, temps: torch.Tensor, top_ps: torch.Tensor, draws: list[float]) -> torch.Tensor:
    """One token per row: greedy where temperature is 0, else top-p sampling by inverse CDF of the row's own draw."""
    greedy = logits.argmax(dim=-1)
    if not bool((temps > 0).any()):
        return greedy
    probs = torch.softmax(logits / temps.clamp(min=1e-5).unsqueeze(1), dim=-1)
    if bool((top_ps >= 1).all()):  # no nucleus cut: the vocabulary order will do, no sort needed
        order = None
    else:
        probs, order = probs.sort(dim=-1, descending=True)
        probs = probs.masked_fill(probs.cumsum(dim=-1) - probs >= top_ps.unsqueeze(1), 0.0)
    cdf = probs.cumsum(dim=-1)
    u = torch.tensor(draws, dtype=cdf.dtype).unsqueeze(1) * cdf[:, -1:]
    idx = torch.searchsorted(cdf, u).clamp(max=cdf.shape[1] - 1)
    sampled = (order.gather(1, idx) if order is not None else idx).squeeze(1)
    return torch.where(temps > 0, sampled, greedy)


def length_buckets(lengths: list[int], spread: float = 1.5, least: int = 8) -> list[list[int]]:
    """Indices grouped by prompt length (a bucket's longest at most `spread` times its shortest, once it holds
    `least`), so a left-padded batch does not pay the longest prompt's prefill for every short one."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    buckets: list[list[int]] = []
    for i in order:
        if buckets and (len(buckets[-1]) < least or lengths[i] <= spread * max(1, lengths[buckets[-1][0]])):
            buckets[-1].append(i)
        else:
            buckets.append([i])
    return buckets


def generate(model: TinyGPT, requests: list[GenRequest], pad_id: int, end_id: int) -> list[GenResult]:
    """Every request's completion; requests of similar prompt length are generated together."""
    results: list[GenResult] = [GenResult() for _ in requests]
    for bucket in length_buckets([len(r.prompt) for r in requests]):
        for i, result in zip(bucket, _generate_batch(model, [requests[i] for i in bucket], pad_id, end_id)):
            results[i] = result
    return results


@torch.no_grad()
def _generate_batch(model: TinyGPT, requests: list[GenRequest], pad_id: int, end_id: int) -> list[GenResult]:
    results = [GenResult() for _ in requests]
    context = model.cfg.context
    budget = [max(0, min(r.max_tokens, context - len(r.prompt))) for r in requests]
    rows = [i for i, r in enumerate(requests) if budget[i] > 0 and r.prompt]
    if not rows:
        return results
    longest = max(len(requests[i].prompt) for i in rows)
    ids = torch.full((len(rows), longest), pad_id, dtype=torch.long)
    key_mask = torch.zeros(len(rows), longest, dtype=torch.long)
    for j, i in enumerate(rows):
        p = requests[i].prompt
        ids[j, longest - len(p) :] = torch.tensor(p)
        key_mask[j, longest - len(p) :] = 1
    positions = (key_mask.cumsum(dim=1) - 1).clamp(min=0)
    caches = model.new_caches(len(rows), longest + max(budget[i] for i in rows))
    rngs = {i: random.Random(requests[i].seed) for i in rows}
    temps = torch.tensor([float(requests[i].temperature) for i in rows])
    top_ps = torch.tensor([float(requests[i].top_p) for i in rows])
    logits = model.logits(model.hidden(ids, positions, key_mask, caches)[:, -1])  # the last position only
    last_pos = positions[:, -1]
    while rows:
        logp = torch.log_softmax(logits, dim=-1)
        chosen = _pick(logits, temps, top_ps, [rngs[i].random() for i in rows])
        chosen_lp = logp.gather(1, chosen.unsqueeze(1)).squeeze(1).tolist()
        keep: list[int] = []
        for j, i in enumerate(rows):
            tok = int(chosen[j])
            results[i].tokens.append(tok)
            results[i].logprobs.append(float(chosen_lp[j]))
            if tok == end_id:
                results[i].finish = "stop"
            elif len(results[i].tokens) < budget[i]:
                keep.append(j)
        if not keep:
            break
        if len(keep) < len(rows):
            sel = torch.tensor(keep)
            for cache in caches:
                cache.keep(sel)
            chosen, key_mask, last_pos = chosen[sel], key_mask[sel], last_pos[sel]
            temps, top_ps = temps[sel], top_ps[sel]
            rows = [rows[j] for j in keep]
        key_mask = torch.cat([key_mask, torch.ones(len(rows), 1, dtype=torch.long)], dim=1)
        last_pos = last_pos + 1
        logits = model(chosen.unsqueeze(1), last_pos.unsqueeze(1), key_mask, caches)[:, -1]
    return results
