"""The policy server (PROTOCOL.md): an OpenAI-compatible chat endpoint on the current weights.

HTTP requests are handled on threads; one generation thread takes every pending request, generates them together
(KV cache, one batch) under the state lock, and hands each its answer. Requests that arrive meanwhile join the next
batch. The version is read under the same lock, so an answer's version always names the weights that wrote it.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from .chat_template import parse_assistant_text
from .generation import GenRequest, GenResult, generate
from .server_validation import BodyError, read_body
from .state import TrainerState

MAX_BATCH = 256


class Pending:
    def __init__(self, request: GenRequest):
        self.request = request
        self.done = threading.Event()
        self.result: GenResult | None = None
        self.version: str | None = None
        self.error: str | None = None


class PolicyServer:
    def __init__(self, get_state: Callable[[], TrainerState], host: str, port: int, model_name: str, version: str):
        self.get_state = get_state
        self.model_name = model_name
        self.version = version
        self._pending: list[Pending] = []
        self._cond = threading.Condition()
        self._stopped = False
        self.httpd = ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self._threads = [
            threading.Thread(target=self.httpd.serve_forever, name="policy-http", daemon=True),
            threading.Thread(target=self._generation_loop, name="policy-generation", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def submit(self, request: GenRequest) -> Pending:
        pending = Pending(request)
        with self._cond:
            self._pending.append(pending)
            self._cond.notify()
        pending.done.wait()
        return pending

    def _generation_loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            self._generate(batch)

    def _generate(self, batch: list[Pending]) -> None:
        state = self.get_state()
        try:
            with state.lock:
                state.model.eval()
                version = self.version
                end = state.tokenizer.special("<|end|>")
                results = generate(state.model, [p.request for p in batch], state.tokenizer.pad_id, end)
            for pending, result in zip(batch, results):
                pending.result, pending.version = result, version
        except Exception as exc:  # an answer for every waiting request, never a hung handler
            print(f"policy server: generation failed: {exc!r}", file=sys.stderr)
            for pending in batch:
                pending.error = f"{type(exc).__name__}: {exc}"
        for pending in batch:
            pending.done.set()

    def close(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()

    def completion(self, body: dict) -> tuple[int, dict, str | None]:
        state = self.get_state()
        prompt, _ = state.template.render(body["messages"], body.get("tools"), generation_prompt=True)
        request = GenRequest(prompt, body["max_tokens"] or state.context, body["temperature"], body["top_p"], body["seed"])
        pending = self.submit(request)
        if pending.error is not None or pending.result is None:
            return 500, {"error": {"message": pending.error or "no result", "type": "server_error"}}, None
        return 200, self._answer(state, body, prompt, pending.result, pending.version), pending.version

    def _answer(self, state: TrainerState, body: dict, prompt: list[int], result: GenResult, version: str | None) -> dict:
        tok = state.tokenizer
        end = tok.special("<|end|>")
        text_ids = result.tokens[:-1] if result.tokens and result.tokens[-1] == end else result.tokens
        content, calls, reasoning = parse_assistant_text(tok.decode(text_ids))
        message: dict = {"role": "assistant", "content": content if content or not calls else None}
        if calls:
            message["tool_calls"] = [
                {"id": f"call_{uuid.uuid4().hex[:16]}", "type": "function", "function": c} for c in calls
            ]
        if reasoning is not None:
            message["reasoning_content"] = reasoning
        finish = "tool_calls" if calls else result.finish
        choice: dict = {"index": 0, "message": message, "finish_reason": finish}
        if body["logprobs"]:
            choice["logprobs"] = {
                "content": [{"token": tok.token_text(t), "logprob": lp} for t, lp in zip(result.tokens, result.logprobs)]
            }
        answer: dict = {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model_name,
            "system_fingerprint": version,
            "choices": [choice],
            "usage": {
                "prompt_tokens": len(prompt),
                "completion_tokens": len(result.tokens),
                "total_tokens": len(prompt) + len(result.tokens),
            },
        }
        if body["return_token_ids"]:
            choice["token_ids"] = list(result.tokens)
            answer["prompt_token_ids"] = list(prompt)
        return answer


def _handler(server: PolicyServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # stdout is the protocol's; HTTP logs stay quiet
            pass

        def _send(self, status: int, payload: dict, version: str | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-policy-version", str(version if version is not None else server.version))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") != "/v1/models":
                return self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            model = {"id": server.model_name, "object": "model", "version": server.version}
            self._send(200, {"object": "list", "data": [model]})

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            try:
                body = read_body(self.rfile, self.headers.get("Content-Length"))
            except BodyError as exc:
                return self._send(400, {"error": {"message": str(exc), "type": "invalid_request_error"}})
            try:
                status, payload, version = server.completion(body)
            except Exception as exc:  # an answer rather than a dropped connection
                print(f"policy server: {exc!r}", file=sys.stderr)
                status, payload, version = 500, {"error": {"message": f"{type(exc).__name__}: {exc}", "type": "server_error"}}, None
            self._send(status, payload, version)

    return Handler
