"""The worker's stdin/stdout JSON-lines loop (PROTOCOL.md).

stdout carries only protocol lines: the real stdout is kept for them and sys.stdout is pointed at stderr, so a
stray print (ours or a library's) can never corrupt the stream. Requests run one at a time, in order.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from typing import Any, TextIO

import torch

from .errors import WorkerError, bad_request, state_error
from .grpo import run_grpo_step
from .server import PolicyServer
from .sft import run_sft
from .state import TrainerState, fresh_state, load_state

REQUIRED: dict[str, list[str]] = {
    "init": ["seed"],
    "sft": ["train", "steps", "batchSize", "learningRate", "checkpointDir"],
    "grpo_step": ["batch", "learningRate"],
    "save": ["path"],
    "serve": ["port"],
    "set_version": ["version"],
    "shutdown": [],
}

# Argument types, checked before an op runs so a wrong type is a BAD_REQUEST rather than an error deep inside.
INTS = {"seed", "threads", "steps", "batchSize", "warmupSteps", "epochs", "checkpointEvery", "port"}
NUMBERS = {"learningRate", "clipLow", "clipHigh"}
STRINGS = {"train", "batch", "path", "checkpointDir", "checkpoint", "host"}
AT_LEAST = {"batchSize": 1, "epochs": 1, "steps": 0, "warmupSteps": 0, "threads": 1, "port": 0, "checkpointEvery": 0}


def check_arguments(op: str, request: dict) -> None:
    for key, value in request.items():
        if value is None or key in ("id", "op"):
            continue
        is_int = isinstance(value, int) and not isinstance(value, bool)
        if key in INTS and not is_int:
            raise bad_request(f"{op}: {key} must be an integer")
        if key in NUMBERS and not (is_int or isinstance(value, float)):
            raise bad_request(f"{op}: {key} must be a number")
        if key in STRINGS and not isinstance(value, str):
            raise bad_request(f"{op}: {key} must be a string")
        if key in AT_LEAST and value < AT_LEAST[key]:
            raise bad_request(f"{op}: {key} must be at least {AT_LEAST[key]}")


class Worker:
    def __init__(self, out: TextIO):
        self.out = out
        self.out_lock = threading.Lock()
        self.state: TrainerState | None = None
        self.server: PolicyServer | None = None
        self.version: str | None = None
        self.stop = False

    def write(self, payload: dict) -> None:
        line = json.dumps(_finite(payload), ensure_ascii=False, allow_nan=False, default=str)
        with self.out_lock:
            self.out.write(line + "\n")
            self.out.flush()

    def need_state(self) -> TrainerState:
        if self.state is None:
            raise state_error("init first")
        return self.state

    def handle_line(self, line: str) -> None:
        try:
            request = json.loads(line)
        except ValueError:
            return self.write({"id": None, "ok": False, "error": {"code": "BAD_REQUEST", "message": "the line is not JSON"}})
        rid = request.get("id") if isinstance(request, dict) else None
        if not isinstance(rid, int) or isinstance(rid, bool) or not isinstance(request.get("op"), str):
            message = "a request needs an integer id and a string op"
            return self.write({"id": None, "ok": False, "error": {"code": "BAD_REQUEST", "message": message}})
        try:
            result = self.dispatch(rid, request)
            self.write({"id": rid, "ok": True, "result": result})
        except WorkerError as exc:
            self.write({"id": rid, "ok": False, "error": {"code": exc.code, "message": exc.message}})
        except Exception as exc:  # the message names the exception; the traceback goes to stderr only
            traceback.print_exc(file=sys.stderr)
            self.write({"id": rid, "ok": False, "error": {"code": "INTERNAL", "message": f"{type(exc).__name__}: {exc}"}})

    def dispatch(self, rid: int, request: dict) -> dict:
        op = request["op"]
        if op not in REQUIRED:
            raise bad_request(f"unknown op {op!r}")
        missing = [k for k in REQUIRED[op] if request.get(k) is None]
        if missing:
            raise bad_request(f"{op} needs {', '.join(missing)}")
        check_arguments(op, request)
        try:
            return getattr(self, f"op_{op}")(rid, request)
        except (KeyError, TypeError) as exc:
            raise bad_request(f"{op}: bad arguments ({type(exc).__name__}: {exc})") from exc

    def op_init(self, rid: int, req: dict) -> dict:
        if self.server is not None:
            raise state_error("the policy server is running on the current model")
        torch.set_num_threads(max(1, int(req.get("threads", 1))))
        seed = int(req["seed"])
        if req.get("checkpoint"):
            self.state = load_state(str(req["checkpoint"]), seed)
        elif isinstance(req.get("model"), dict) and isinstance(req.get("tokenizerData"), list) and req["tokenizerData"]:
            self.state = fresh_state(seed, req["model"], [str(p) for p in req["tokenizerData"]])
        else:
            raise bad_request("init needs a checkpoint, or a model with tokenizerData")
        return self.state.summary()

    def op_sft(self, rid: int, req: dict) -> dict:
        state = self.need_state()
        return run_sft(state, req, lambda event, fields: self.write({"event": event, "id": rid, **fields}))

    def op_grpo_step(self, rid: int, req: dict) -> dict:
        return run_grpo_step(self.need_state(), req, self._set_version)

    def _set_version(self, version: Any) -> None:
        if version is None:
            return
        self.version = str(version)
        if self.server is not None:
            self.server.version = self.version

    def op_save(self, rid: int, req: dict) -> dict:
        state = self.need_state()
        path = str(req["path"])
        return {"path": path, "step": state.step, "bytes": state.save(path)}

    def op_serve(self, rid: int, req: dict) -> dict:
        state = self.need_state()
        if self.server is not None:
            raise state_error("the policy server is already running")
        version = str(req.get("version") if req.get("version") is not None else self.version or "0")
        self.version = version
        host = str(req.get("host") or "127.0.0.1")
        self.server = PolicyServer(lambda: state, host, int(req["port"]), str(req.get("model") or "astra-local"), version)
        return {"url": self.server.url}

    def op_set_version(self, rid: int, req: dict) -> dict:
        state = self.need_state()
        with state.lock:  # between batches: no answer carries the new version with the old weights
            self._set_version(req["version"])
        return {"version": self.version}

    def op_shutdown(self, rid: int, req: dict) -> dict:
        self.stop = True
        return {}

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


def _finite(value: Any) -> Any:
    """NaN and infinities are not JSON: a diverged loss is reported as null rather than breaking the stream."""
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def main() -> int:
    out = sys.stdout
    sys.stdout = sys.stderr
    worker = Worker(out)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            worker.handle_line(line)
            if worker.stop:
                break
    finally:
        worker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
