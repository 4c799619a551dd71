"""Reading the SFT data (OpenAI messages + tools JSONL) and turning conversations into training examples."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from .chat_template import TOOL_RESULT_CHARS, ChatTemplate, call_text, content_text, tools_text
from .errors import data_error


@dataclass
class Example:
    ids: list[int]
    mask: list[int]


def _usable(record: object) -> bool:
    if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
        return False
    if record.get("tools") is not None and not isinstance(record.get("tools"), list):
        return False
    messages = record["messages"]
    return all(isinstance(m, dict) for m in messages) and any(m.get("role") == "assistant" for m in messages)


def read_conversations(path: str) -> tuple[list[dict], int]:
    """The usable conversations of a JSONL file and how many lines were skipped; DATA when none is usable."""
    records: list[dict] = []
    skipped = 0
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    skipped += 1
                    continue
                if _usable(record):
                    records.append(record)
                else:
                    skipped += 1
    except OSError as exc:
        raise data_error(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise data_error(f"{path} is not UTF-8 text") from exc
    if not records:
        raise data_error(f"{path} holds no usable conversation ({skipped} line(s) skipped)")
    return records, skipped


def conversation_texts(record: dict) -> Iterator[str]:
    """Every text the template encodes for a conversation, for building the vocabulary."""
    yield tools_text(record.get("tools"))
    for m in record["messages"]:
        text = content_text(m.get("content"))
        yield text[:TOOL_RESULT_CHARS] if m.get("role") == "tool" else text
        if isinstance(m.get("reasoning_content"), str):
            yield m["reasoning_content"]
        for call in m.get("tool_calls") or []:
            fn = call.get("function", {}) if isinstance(call, dict) else {}
            if isinstance(fn, dict):
                yield call_text(str(fn.get("name", "")), fn.get("arguments", "{}"))


def build_examples(
    records: list[dict], template: ChatTemplate, context: int, include_reasoning: bool
) -> tuple[list[Example], int]:
    """Rendered examples cut to the context; those left with no assistant token are dropped and counted."""
    examples: list[Example] = []
    dropped = 0
    for record in records:
        ids, mask = template.render(record["messages"], record.get("tools"), include_reasoning)
        ids, mask = ids[:context], mask[:context]
        if sum(mask[1:]) == 0:
            dropped += 1
            continue
        examples.append(Example(ids, mask))
    return examples, dropped
