"""A small word-and-character tokenizer built from the SFT data.

Text is cut into pieces: words (letters and underscores, with an optional leading space) and runs of punctuation
(with an optional trailing space). A piece seen at least `min_word_count` times in the data is one token (template
words, tool names, JSON keys, `": "`); any other piece is spelled out in characters, and a character never seen is
written as its UTF-8 bytes. Pieces are atomic: an unknown word is always spelled, never split into known sub-words,
so a name the model must copy is written the same way wherever it appears. decode(encode(s)) == s for every string.
Special tokens are never produced by `encode`; the chat template places them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

PAD = "<pad>"
SPECIALS = [
    PAD,
    "<|system|>",
    "<|user|>",
    "<|tools|>",
    "<|assistant|>",
    "<|tool|>",
    "<|end|>",
    "<tool_call>",
    "</tool_call>",
    "<think>",
    "</think>",
]

# Words: letters and underscores (digits are spelled so numbers copy digit by digit). Punctuation runs are short so
# the frequent JSON joints (`{"`, `": "`, `"}`) become single tokens without swallowing text.
_PIECE = re.compile(r" ?[A-Za-z_]+|[^\sA-Za-z0-9_]{1,4} ?|.", re.DOTALL)
_MAX_CHARS = 4096


def pieces(text: str) -> list[str]:
    return _PIECE.findall(text)


def _byte_token(b: int) -> str:
    return f"<0x{b:02X}>"


class Tokenizer:
    def __init__(self, tokens: list[str]):
        self.tokens = list(tokens)
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.special_ids = {t: self.ids[t] for t in SPECIALS}
        self.byte_ids = [self.ids[_byte_token(b)] for b in range(256)]
        self._byte_of = {self.ids[_byte_token(b)]: b for b in range(256)}
        self.pad_id = self.ids[PAD]

    @classmethod
    def build(cls, texts: Iterable[str], min_word_count: int = 5, max_chars: int = _MAX_CHARS) -> "Tokenizer":
        """Specials, the 256 bytes, every character seen (most frequent first, at most max_chars), frequent pieces."""
        piece_counts: Counter[str] = Counter()
        char_counts: Counter[str] = Counter()
        for text in texts:
            char_counts.update(text)
            piece_counts.update(p for p in pieces(text) if len(p) > 1)
        tokens = list(SPECIALS) + [_byte_token(b) for b in range(256)]
        seen = set(tokens)
        for ch, _ in char_counts.most_common(max_chars):
            if ch not in seen:
                tokens.append(ch)
                seen.add(ch)
        for piece, count in sorted(piece_counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= min_word_count and piece not in seen:
                tokens.append(piece)
                seen.add(piece)
        return cls(tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def special(self, name: str) -> int:
        return self.special_ids[name]

    def _spell(self, text: str, out: list[int]) -> None:
        for ch in text:
            tid = self.ids.get(ch)  # single characters never collide with the multi-character specials
            if tid is not None:
                out.append(tid)
            else:
                out.extend(self.byte_ids[b] for b in ch.encode("utf-8", "surrogatepass"))

    def encode(self, text: str) -> list[int]:
        out: list[int] = []
        for piece in pieces(text):
            tid = self.ids.get(piece) if len(piece) > 1 else None
            if tid is not None:
                out.append(tid)
            elif piece[0] == " " and len(piece) > 2 and piece[1:] in self.ids:
                self._spell(" ", out)
                out.append(self.ids[piece[1:]])
            else:
                self._spell(piece, out)
        return out

    def decode(self, ids: Iterable[int]) -> str:
        parts: list[str] = []
        pending = bytearray()
        for tid in ids:
            b = self._byte_of.get(tid)
            if b is not None:
                pending.append(b)
                continue
            if pending:
                parts.append(pending.decode("utf-8", "surrogatepass") if _valid(pending) else pending.decode("utf-8", "replace"))
                pending = bytearray()
            if 0 <= tid < len(self.tokens):
                parts.append(self.tokens[tid])
        if pending:
            parts.append(pending.decode("utf-8", "surrogatepass") if _valid(pending) else pending.decode("utf-8", "replace"))
        return "".join(parts)

    def token_text(self, tid: int) -> str:
        """One token's text for logprob listings (a byte token keeps its <0xNN> name)."""
        return self.tokens[tid] if 0 <= tid < len(self.tokens) else ""

    def to_state(self) -> dict:
        return {"tokens": list(self.tokens)}

    @classmethod
    def from_state(cls, state: dict) -> "Tokenizer":
        return cls(list(state["tokens"]))


def _valid(data: bytearray) -> bool:
    try:
        data.decode("utf-8", "surrogatepass")
        return True
    except UnicodeDecodeError:
        return False
