"""A small decoder-only transformer: pre-LN blocks, learned positions, tied input/output embeddings.

Positions are given per token, so a left-padded batch (generation) counts each sequence's positions from its first
real token; training batches are right-padded and need only the causal mask.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class ModelConfig:
    vocab: int
    width: int = 128
    layers: int = 3
    heads: int = 4
    context: int = 384

    def to_dict(self) -> dict:
        return asdict(self)


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.heads = cfg.heads
        self.ln1 = nn.LayerNorm(cfg.width)
        self.qkv = nn.Linear(cfg.width, 3 * cfg.width)
        self.proj = nn.Linear(cfg.width, cfg.width)
        self.ln2 = nn.LayerNorm(cfg.width)
        self.mlp = nn.Sequential(nn.Linear(cfg.width, 4 * cfg.width), nn.GELU(), nn.Linear(4 * cfg.width, cfg.width))

    def forward(self, x: torch.Tensor, bias: torch.Tensor, cache: "LayerCache | None") -> torch.Tensor:
        b, t, w = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        if cache is not None:
            k, v = cache.append(k, v)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(q.shape[-1])) + bias
        y = torch.softmax(att, dim=-1) @ v
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, w))
        return x + self.mlp(self.ln2(x))


class LayerCache:
    """Keys and values of one layer, preallocated to the longest length the batch can reach."""

    def __init__(self, batch: int, heads: int, length: int, dim: int):
        self.k = torch.zeros(batch, heads, length, dim)
        self.v = torch.zeros(batch, heads, length, dim)
        self.size = 0

    def append(self, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        end = self.size + k.shape[2]
        self.k[:, :, self.size : end] = k
        self.v[:, :, self.size : end] = v
        self.size = end
        return self.k[:, :, :end], self.v[:, :, :end]

    def keep(self, rows: torch.Tensor) -> None:
        self.k = self.k.index_select(0, rows)
        self.v = self.v.index_select(0, rows)


class TinyGPT(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab, cfg.width)
        self.pos = nn.Embedding(cfg.context, cfg.width)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.ln = nn.LayerNorm(cfg.width)
        self.apply(self._init)
        for block in self.blocks:
            nn.init.normal_(block.proj.weight, std=0.02 / math.sqrt(2 * cfg.layers))

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def parameter_count(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(
        self,
        ids: torch.Tensor,
        positions: torch.Tensor | None = None,
        key_mask: torch.Tensor | None = None,
        caches: list[LayerCache] | None = None,
    ) -> torch.Tensor:
        """Logits [B, T, vocab]. ids [B, T]; positions [B, T] (default 0..T-1); key_mask [B, S] (1 = a real token,
        S = cached + T)."""
        return self.logits(self.hidden(ids, positions, key_mask, caches))

    def logits(self, hidden: torch.Tensor) -> torch.Tensor:
        return hidden @ self.embed.weight.t()

    def hidden(
        self,
        ids: torch.Tensor,
        positions: torch.Tensor | None = None,
        key_mask: torch.Tensor | None = None,
        caches: list[LayerCache] | None = None,
    ) -> torch.Tensor:
        """The final (normalised) hidden states; training projects only the positions that carry loss."""
        b, t = ids.shape
        past = caches[0].size if caches else 0
        if positions is None:
            positions = torch.arange(past, past + t).unsqueeze(0).expand(b, t)
        x = self.embed(ids) + self.pos(positions.clamp(max=self.cfg.context - 1))
        s = past + t
        causal = torch.ones(t, s, dtype=torch.bool).tril(diagonal=past)
        allowed = causal.unsqueeze(0)
        if key_mask is not None:
            # A padding query may see only padding; letting every token see itself keeps its row finite (no NaN).
            itself = torch.zeros(t, s, dtype=torch.bool)
            itself[torch.arange(t), past + torch.arange(t)] = True
            allowed = (allowed & key_mask[:, None, :].bool()) | itself.unsqueeze(0)
        bias = torch.zeros(allowed.shape).masked_fill(~allowed, float("-inf")).unsqueeze(1)
        for i, block in enumerate(self.blocks):
            x = block(x, bias, caches[i] if caches else None)
        return self.ln(x)

    def new_caches(self, batch: int, length: int) -> list[LayerCache]:
        dim = self.cfg.width // self.cfg.heads
        return [LayerCache(batch, self.cfg.heads, length, dim) for _ in self.blocks]
