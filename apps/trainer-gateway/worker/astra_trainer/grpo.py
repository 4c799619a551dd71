"""One GRPO update (PROTOCOL.md): group-relative advantages, the clipped surrogate with separate low and high clip,
no KL and no entropy term, the loss averaged over every policy token of the batch, one optimizer step."""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

import torch

from .errors import data_error
from .state import TrainerState

ADV_EPS = 1e-6
GRAD_CLIP = 1.0
MICRO_BATCH_TOKENS = 8192


@dataclass
class Sample:
    """One sequence to score: `mask` marks the policy tokens, `old` their generating policy's logprobs (None: use
    the current model's, detached), `advantage` the episode's."""

    ids: list[int]
    mask: list[int]
    old: list[float] | None
    advantage: float


def group_advantages(rewards: list[float]) -> list[float] | None:
    """(r - mean) / (population std + eps); None when the rewards do not spread (the group teaches nothing)."""
    mean = sum(rewards) / len(rewards)
    std = math.sqrt(sum((r - mean) ** 2 for r in rewards) / len(rewards))
    if max(rewards) - min(rewards) == 0:
        return None
    return [(r - mean) / (std + ADV_EPS) for r in rewards]


def _has_tokens(turn: object) -> bool:
    if not isinstance(turn, dict):
        return False
    p, t, lp = turn.get("promptTokenIds"), turn.get("tokenIds"), turn.get("logprobs")
    return isinstance(p, list) and isinstance(t, list) and isinstance(lp, list) and len(t) == len(lp) and len(t) > 0


def token_samples(turns: list[dict], advantage: float) -> list[Sample]:
    """One sequence (the last turn's prompt and tokens) when each prompt extends the previous prompt + tokens;
    otherwise one sample per turn. Only generated tokens carry loss; their old logprobs are the server's."""
    ids: list[int] = []
    mask: list[int] = []
    old: list[float] = []
    for turn in turns:
        prompt = [int(t) for t in turn["promptTokenIds"]]
        if prompt[: len(ids)] != ids:
            return [_turn_sample(t, advantage) for t in turns]
        extra = prompt[len(ids) :]
        ids += extra + [int(t) for t in turn["tokenIds"]]
        mask += [0] * len(extra) + [1] * len(turn["tokenIds"])
        old += [0.0] * len(extra) + [float(x) for x in turn["logprobs"]]
    return [Sample(ids, mask, old, advantage)]


def _turn_sample(turn: dict, advantage: float) -> Sample:
    prompt = [int(t) for t in turn["promptTokenIds"]]
    tokens = [int(t) for t in turn["tokenIds"]]
    return Sample(prompt + tokens, [0] * len(prompt) + [1] * len(tokens), [0.0] * len(prompt) + [float(x) for x in turn["logprobs"]], advantage)


def episode_samples(state: TrainerState, episode: dict, advantage: float) -> list[Sample]:
    turns = episode.get("turns") or []
    if turns and all(_has_tokens(t) for t in turns):
        samples = token_samples(turns, advantage)
    else:
        ids, mask = state.template.render(episode.get("messages") or [], episode.get("tools"))
        samples = [Sample(ids, mask, None, advantage)]
    out = []
    for s in samples:  # positions past the context cannot be scored; the mask keeps what fits
        s.ids, s.mask = s.ids[: state.context], s.mask[: state.context]
        s.old = s.old[: state.context] if s.old is not None else None
        if sum(s.mask[1:]) > 0:
            out.append(s)
    return out


def read_batch(path: str) -> list[dict]:
    episodes = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    episode = json.loads(line)
                except ValueError as exc:
                    raise data_error(f"{path} line {number} is not JSON") from exc
                if not isinstance(episode, dict) or not isinstance(episode.get("reward"), (int, float)):
                    raise data_error(f"{path} line {number} is not an episode with a numeric reward")
                episodes.append(episode)
    except OSError as exc:
        raise data_error(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not episodes:
        raise data_error(f"{path} holds no episode")
    return episodes


def batch_samples(state: TrainerState, episodes: list[dict]) -> tuple[list[Sample], int, int, int]:
    """Samples of the groups that spread, and the counts of groups, skipped groups and episodes used."""
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for episode in episodes:
        groups.setdefault(str(episode.get("group", "")), []).append(episode)
    samples: list[Sample] = []
    skipped = used = 0
    for members in groups.values():
        advantages = group_advantages([float(e["reward"]) for e in members])
        if advantages is None:
            skipped += 1
            continue
        for episode, advantage in zip(members, advantages):
            used += 1
            samples.extend(episode_samples(state, episode, advantage))
    return samples, len(groups), skipped, used


def surrogate(
    new_lp: torch.Tensor, old_lp: torch.Tensor, adv: torch.Tensor, mask: torch.Tensor, clip_low: float, clip_high: float
) -> tuple[torch.Tensor, int]:
    """Summed negative clipped objective over the masked tokens, and how many tokens took the clipped term."""
    ratio = torch.exp(new_lp - old_lp)
    unclipped = ratio * adv
    clipped = ratio.clamp(1 - clip_low, 1 + clip_high) * adv
    objective = torch.minimum(unclipped, clipped)
    took_clip = (clipped < unclipped) & (mask > 0)
    return -(objective * mask).sum(), int(took_clip.sum())


def _micro_batches(samples: list[Sample]) -> list[list[Sample]]:
    ordered = sorted(samples, key=lambda s: len(s.ids))
    batches: list[list[Sample]] = [[]]
    for s in ordered:
        if batches[-1] and len(s.ids) * (len(batches[-1]) + 1) > MICRO_BATCH_TOKENS:
            batches.append([])
        batches[-1].append(s)
    return [b for b in batches if b]


def sample_loss(state: TrainerState, batch: list[Sample], clip_low: float, clip_high: float) -> tuple[torch.Tensor, int]:
    """The summed token loss of a micro batch (divide by the batch's policy-token count for the token mean)."""
    pad = state.tokenizer.pad_id
    longest = max(len(s.ids) for s in batch)
    ids = torch.full((len(batch), longest), pad, dtype=torch.long)
    mask = torch.zeros(len(batch), longest)
    old = torch.zeros(len(batch), longest)
    for row, s in enumerate(batch):
        ids[row, : len(s.ids)] = torch.tensor(s.ids)
        mask[row, : len(s.mask)] = torch.tensor(s.mask, dtype=torch.float)
        if s.old is not None:
            old[row, : len(s.old)] = torch.tensor(s.old)
    hidden = state.model.hidden(ids[:, :-1])
    where = mask[:, 1:] > 0  # only policy tokens are projected to the vocabulary
    logp = torch.log_softmax(state.model.logits(hidden[where]), dim=-1)
    new_lp = logp.gather(1, ids[:, 1:][where].unsqueeze(1)).squeeze(1)
    has_old = torch.tensor([s.old is not None for s in batch]).unsqueeze(1).expand_as(where)[where]
    # Without the server's logprobs the current policy stands in for the generating one (ratio 1).
    old_lp = torch.where(has_old, old[:, 1:][where], new_lp.detach())
    adv = torch.tensor([s.advantage for s in batch]).unsqueeze(1).expand_as(where)[where]
    return surrogate(new_lp, old_lp, adv, torch.ones_like(new_lp), clip_low, clip_high)


def run_grpo_step(state: TrainerState, args: dict, set_version) -> dict:
    episodes = read_batch(args["batch"])
    clip_low, clip_high = float(args.get("clipLow", 0.2)), float(args.get("clipHigh", 0.2))
    started = time.perf_counter()
    with state.lock:
        samples, groups, skipped, used = batch_samples(state, episodes)
        total = sum(sum(s.mask[1:]) for s in samples)
        loss_value, clipped = 0.0, 0
        state.model.train()
        state.optimizer.zero_grad(set_to_none=True)
        for batch in _micro_batches(samples):
            loss, n_clipped = sample_loss(state, batch, clip_low, clip_high)
            (loss / total).backward()
            loss_value += float(loss) / total
            clipped += n_clipped
        if total > 0:
            state.set_learning_rate(float(args["learningRate"]))
            torch.nn.utils.clip_grad_norm_(state.model.parameters(), GRAD_CLIP)
            state.optimizer.step()
        state.step += 1
        set_version(args.get("version"))
    elapsed = max(time.perf_counter() - started, 1e-9)
    tokens = sum(len(s.ids) for s in samples)
    return {
        "step": state.step,
        "loss": loss_value,
        "tokens": tokens,
        "tokensPerSecond": tokens / elapsed,
        "groups": groups,
        "episodes": used,
        "skippedGroups": skipped,
        "clipFraction": clipped / total if total else 0.0,
        "version": args.get("version"),
    }
