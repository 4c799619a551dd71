"""Drives `python -m astra_trainer.worker` as a subprocess over its JSON-lines protocol, with deadlines."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEADLINE_S = 60


class WorkerProcess:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "astra_trainer.worker"],
            cwd=WORKER_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send_raw(self, text: str) -> None:
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def next_line(self) -> dict:
        line = self.lines.get(timeout=DEADLINE_S)
        if line is None:
            raise AssertionError(f"the worker closed stdout; stderr:\n{''.join(self.stderr)}")
        return json.loads(line)  # every stdout line must be JSON

    def request(self, rid: int, op: str, **args) -> tuple[dict, list[dict]]:
        """Sends a request; returns its response and the events that came before it."""
        self.send_raw(json.dumps({"id": rid, "op": op, **args}))
        events = []
        while True:
            message = self.next_line()
            if "event" in message:
                events.append(message)
                continue
            return message, events

    def close_stdin_and_wait(self) -> int:
        self.proc.stdin.close()
        return self.proc.wait(timeout=DEADLINE_S)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream and not stream.closed:
                try:
                    stream.close()
                except OSError:
                    pass
