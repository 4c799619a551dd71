"""The fixed chat template (PROTOCOL.md), rendered straight to token ids with a loss mask.

    <|system|>{system text}<|end|>                  (only when the conversation has a system message)
    <|user|>{user text}<|end|>
    <|tools|>{name}({argument}: {type}, ...)       one line per tool, after the first user turn<|end|>
    <|assistant|>{text}<tool_call>{"name": "...", "arguments": {...}}</tool_call>...<|end|>
    <|tool|>{tool result, cut at 600 characters}<|end|>
    <|assistant|>...

With reasoning included, an assistant turn starts with `<think>{reasoning_content}</think>`. Arguments are compact
JSON (`{"a":1}`); arguments that are not JSON are written as a JSON string. The mask is 1 on every token after
`<|assistant|>` up to and including its `<|end|>`, 0 elsewhere (system, user, tools, tool results, role markers).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .tokenizer import Tokenizer

TOOL_RESULT_CHARS = 600


def content_text(content: Any) -> str:
    """OpenAI content: a string, null, or a list of parts whose text parts are joined."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return str(content)


def tool_signature(tool: Any) -> str:
    fn = tool.get("function", tool) if isinstance(tool, dict) else {}
    name = fn.get("name", "") if isinstance(fn, dict) else ""
    params = fn.get("parameters") if isinstance(fn, dict) else None
    props = params.get("properties", {}) if isinstance(params, dict) else {}
    args = []
    if isinstance(props, dict):
        for arg, schema in props.items():
            kind = schema.get("type", "any") if isinstance(schema, dict) else "any"
            if isinstance(kind, list):
                kind = "|".join(str(k) for k in kind)
            args.append(f"{arg}: {kind}")
    return f"{name}({', '.join(args)})"


def tools_text(tools: list | None) -> str:
    return "\n".join(tool_signature(t) for t in tools or [])


def call_text(name: str, arguments: Any) -> str:
    """One Hermes call body. `arguments` is the OpenAI JSON string (or an object)."""
    args = arguments
    if isinstance(arguments, str):
        try:
            args = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            args = arguments
    compact = json.dumps(args, ensure_ascii=False, separators=(",", ":"))
    return '{"name": ' + json.dumps(name, ensure_ascii=False) + ', "arguments": ' + compact + "}"


class ChatTemplate:
    def __init__(self, tokenizer: Tokenizer):
        self.tok = tokenizer

    def _sp(self, name: str) -> int:
        return self.tok.special(name)

    def _block(self, role: str, text: str, ids: list[int], mask: list[int]) -> None:
        body = [self._sp(role)] + self.tok.encode(text) + [self._sp("<|end|>")]
        ids.extend(body)
        mask.extend([0] * len(body))

    def assistant_ids(self, message: dict, include_reasoning: bool) -> list[int]:
        """The tokens after <|assistant|>, up to and including <|end|>."""
        out: list[int] = []
        reasoning = message.get("reasoning_content")
        if include_reasoning and isinstance(reasoning, str) and reasoning:
            out += [self._sp("<think>")] + self.tok.encode(reasoning) + [self._sp("</think>")]
        out += self.tok.encode(content_text(message.get("content")))
        for call in message.get("tool_calls") or []:
            fn = call.get("function", {}) if isinstance(call, dict) else {}
            body = call_text(str(fn.get("name", "")), fn.get("arguments", "{}"))
            out += [self._sp("<tool_call>")] + self.tok.encode(body) + [self._sp("</tool_call>")]
        return out + [self._sp("<|end|>")]

    def render(
        self, messages: list, tools: list | None, include_reasoning: bool = False, generation_prompt: bool = False
    ) -> tuple[list[int], list[int]]:
        ids: list[int] = []
        mask: list[int] = []
        tools_done = not tools
        for message in messages:
            role = message.get("role") if isinstance(message, dict) else None
            if role == "assistant":
                body = self.assistant_ids(message, include_reasoning)
                ids.append(self._sp("<|assistant|>"))
                mask.append(0)
                ids.extend(body)
                mask.extend([1] * len(body))
            elif role == "tool":
                self._block("<|tool|>", content_text(message.get("content"))[:TOOL_RESULT_CHARS], ids, mask)
            elif role == "system":
                self._block("<|system|>", content_text(message.get("content")), ids, mask)
            elif role == "user":
                self._block("<|user|>", content_text(message.get("content")), ids, mask)
                if not tools_done:
                    self._block("<|tools|>", tools_text(tools), ids, mask)
                    tools_done = True
        if generation_prompt:
            ids.append(self._sp("<|assistant|>"))
            mask.append(0)
        return ids, mask


_CALL = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)
_THINK = re.compile(r"^\s*<think>(.*?)</think>", re.DOTALL)


def parse_call(body: str) -> dict | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"]:
        return None
    args = value.get("arguments", {})
    if isinstance(args, str):
        return {"name": value["name"], "arguments": args}
    if not isinstance(args, dict):
        return None
    return {"name": value["name"], "arguments": json.dumps(args, ensure_ascii=False, separators=(",", ":"))}


def parse_assistant_text(text: str) -> tuple[str, list[dict], str | None]:
    """Generated text → (content, calls as {name, arguments JSON string}, reasoning). A tag whose JSON does not parse
    stays in the content, where the client's own text parser reports it as a broken call."""
    reasoning = None
    think = _THINK.match(text)
    if think:
        reasoning = think.group(1)
        text = text[think.end() :]
    calls: list[dict] = []
    kept: list[str] = []
    last = 0
    for m in _CALL.finditer(text):
        call = parse_call(m.group(1).strip())
        kept.append(text[last : m.start()] if call else text[last : m.end()])
        last = m.end()
        if call:
            calls.append(call)
    kept.append(text[last:])
    return "".join(kept).strip(), calls, reasoning
