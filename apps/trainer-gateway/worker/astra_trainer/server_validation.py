"""Checks a chat completion body; anything malformed is a BodyError (HTTP 400)."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

ROLES = {"system", "user", "assistant", "tool"}
MAX_BODY = 16 * 1024 * 1024


class BodyError(ValueError):
    pass


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_messages(messages: Any) -> None:
    if not isinstance(messages, list) or not messages:
        raise BodyError("messages must be a non-empty array")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise BodyError(f"messages[{i}] needs a role among {sorted(ROLES)}")
        if m.get("tool_calls") is not None and not isinstance(m["tool_calls"], list):
            raise BodyError(f"messages[{i}].tool_calls must be an array")


def _optional(body: dict, key: str, ok, default: Any, what: str) -> Any:
    value = body.get(key)
    if value is None:
        return default
    if not ok(value):
        raise BodyError(f"{key} must be {what}")
    return value


def read_body(stream: BinaryIO, length_header: str | None) -> dict:
    try:
        length = int(length_header or "0")
    except ValueError as exc:
        raise BodyError("bad Content-Length") from exc
    if length <= 0 or length > MAX_BODY:
        raise BodyError("the body must be a JSON object (Content-Length missing or too large)")
    try:
        body = json.loads(stream.read(length))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BodyError(f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise BodyError("the body must be a JSON object")
    _check_messages(body.get("messages"))
    if body.get("tools") is not None and not (
        isinstance(body["tools"], list) and all(isinstance(t, dict) for t in body["tools"])
    ):
        raise BodyError("tools must be an array of objects")
    if body.get("max_tokens") is None and body.get("max_completion_tokens") is not None:
        body["max_tokens"] = body["max_completion_tokens"]
    body["max_tokens"] = _optional(body, "max_tokens", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0, None, "a positive integer")
    body["temperature"] = float(_optional(body, "temperature", lambda v: _number(v) and v >= 0, 1.0, "a number >= 0"))
    body["top_p"] = float(_optional(body, "top_p", lambda v: _number(v) and 0 < v <= 1, 1.0, "a number in (0, 1]"))
    body["seed"] = _optional(body, "seed", lambda v: isinstance(v, int) and not isinstance(v, bool), None, "an integer")
    body["logprobs"] = _optional(body, "logprobs", lambda v: isinstance(v, bool), False, "a boolean")
    body["return_token_ids"] = _optional(body, "return_token_ids", lambda v: isinstance(v, bool), False, "a boolean")
    return body
