"""The worker end to end as a subprocess: init, sft with events, save, serve, concurrent chat completions over
HTTP, grpo_step with the server's token data, set_version, garbage lines, shutdown and exit on stdin EOF."""

import json
import os
import shutil
import tempfile
import unittest
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from astra_trainer.state import load_state

from .helpers import FIXTURE, fixture_records
from .worker_process import DEADLINE_S, WorkerProcess

MODEL = {"width": 48, "layers": 2, "heads": 2, "context": 160, "minWordCount": 2}


def http(url: str, body: dict | bytes | None = None) -> tuple[int, dict, dict]:
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=DEADLINE_S) as resp:
            return resp.status, json.loads(resp.read()), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read()), dict(err.headers)


class WorkerProtocolTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.worker = WorkerProcess()
        self.addCleanup(self.worker.kill)

    def sft(self, rid: int, steps: int) -> tuple[dict, list[dict]]:
        return self.worker.request(
            rid, "sft", train=FIXTURE, validation=FIXTURE, steps=steps, batchSize=7, learningRate=1e-2, warmupSteps=2,
            epochs=1000, includeReasoning=False, checkpointEvery=50, checkpointDir=os.path.join(self.dir, "ckpt"),
        )

    def test_bad_lines_and_state_errors_keep_the_worker_going(self) -> None:
        w = self.worker
        w.send_raw("this is not json")
        self.assertEqual(w.next_line(), {"id": None, "ok": False, "error": {"code": "BAD_REQUEST", "message": "the line is not JSON"}})
        w.send_raw('{"id": "7", "op": "init"}')
        self.assertEqual(w.next_line(), {"id": None, "ok": False, "error": {"code": "BAD_REQUEST", "message": "a request needs an integer id and a string op"}})
        self.assertEqual(w.request(1, "save", path=os.path.join(self.dir, "x.pt"))[0]["error"]["code"], "STATE")
        self.assertEqual(w.request(2, "fly")[0]["error"]["code"], "BAD_REQUEST")
        self.assertEqual(w.request(3, "init", seed=1, model=MODEL, tokenizerData=["/nonexistent.jsonl"])[0]["error"]["code"], "DATA")
        self.assertEqual(w.request(4, "init", seed=1)[0]["error"]["code"], "BAD_REQUEST")
        response, _ = w.request(5, "init", seed=1, threads=1, model=MODEL, tokenizerData=[FIXTURE])
        self.assertTrue(response["ok"], response)
        broken = w.request(6, "grpo_step", batch=FIXTURE.replace("sft.jsonl", "missing.jsonl"), learningRate=1e-4, version="v")
        self.assertEqual((broken[0]["id"], broken[0]["error"]["code"]), (6, "DATA"))
        self.assertNotIn("Traceback", json.dumps(broken[0]))
        zero = w.request(7, "sft", train=FIXTURE, steps=1, batchSize=0, learningRate=1e-3, checkpointDir=self.dir)
        self.assertEqual(zero[0]["error"]["code"], "BAD_REQUEST")
        self.assertEqual(w.request(8, "serve", port="80")[0]["error"]["code"], "BAD_REQUEST")
        self.assertEqual(w.close_stdin_and_wait(), 0)

    def test_train_serve_update_and_shut_down(self) -> None:
        w = self.worker
        init, _ = w.request(1, "init", seed=3, threads=1, model=MODEL, tokenizerData=[FIXTURE])
        self.assertEqual({k: init["result"][k] for k in ("step", "context")}, {"step": 0, "context": 160})
        self.assertGreater(init["result"]["parameters"], 0)
        sft, events = self.sft(2, 100)
        self.assertTrue(sft["ok"], sft)
        self.assertEqual([e["step"] for e in events if e["event"] == "step"], list(range(1, 101)))
        self.assertEqual([e["path"] for e in events if e["event"] == "checkpoint"], [os.path.join(self.dir, "ckpt", f"step-{k}.pt") for k in (50, 100)])
        self.assertEqual({e["id"] for e in events}, {2})
        self.assertEqual((sft["result"]["step"], sft["result"]["examples"], sft["result"]["skipped"]), (100, 7, 2))
        saved, _ = w.request(3, "save", path=os.path.join(self.dir, "saved.pt"))
        self.assertGreater(saved["result"]["bytes"], 0)
        served, _ = w.request(4, "serve", host="127.0.0.1", port=0, model="astra-test", version="v1")
        url = served["result"]["url"]
        self.assertTrue(url.endswith("/v1"))
        self.assertEqual(w.request(5, "serve", port=0, model="x", version="v")[0]["error"]["code"], "STATE")
        status, models, _ = http(f"{url}/models")
        self.assertEqual((status, models["data"][0]["id"], models["data"][0]["version"]), (200, "astra-test", "v1"))

        records = fixture_records()[:6]
        countries = {json.loads(r["messages"][1]["tool_calls"][0]["function"]["arguments"])["country"] for r in records}
        bodies = [{"messages": r["messages"][:1], "tools": r["tools"], "temperature": 0, "max_tokens": 60, "logprobs": True, "return_token_ids": True} for r in records]
        with ThreadPoolExecutor(len(bodies)) as pool:
            answers = list(pool.map(lambda b: http(f"{url}/chat/completions", b), bodies))
        for record, (status, answer, headers) in zip(records, answers):
            self.assertEqual(status, 200, answer)
            self.assertEqual((answer["model"], answer["system_fingerprint"], headers.get("x-policy-version")), ("astra-test", "v1", "v1"))
            choice = answer["choices"][0]
            [call] = choice["message"]["tool_calls"]  # the learned tool-calling turn parses
            self.assertEqual((call["type"], call["function"]["name"]), ("function", "get_capital"))
            self.assertIn(json.loads(call["function"]["arguments"])["country"], countries)
            self.assertEqual(choice["finish_reason"], "tool_calls")
            self.assertEqual(len(choice["token_ids"]), len(choice["logprobs"]["content"]))
            self.assertEqual(len(choice["token_ids"]), answer["usage"]["completion_tokens"])
            self.assertEqual(len(answer["prompt_token_ids"]), answer["usage"]["prompt_tokens"])

        # The next turn's prompt, rendered from the returned message, extends this turn's prompt + tokens, so GRPO
        # trains a whole episode as one sequence.
        template = load_state(os.path.join(self.dir, "saved.pt"), seed=3).template
        first = answers[0][1]
        call = first["choices"][0]["message"]["tool_calls"][0]
        follow = bodies[0]["messages"] + [first["choices"][0]["message"], {"role": "tool", "tool_call_id": call["id"], "content": '{"capital":"Paris"}'}]
        next_prompt, _ = template.render(follow, bodies[0]["tools"], generation_prompt=True)
        so_far = first["prompt_token_ids"] + first["choices"][0]["token_ids"]
        self.assertEqual(next_prompt[: len(so_far)], so_far)

        status, error, _ = http(f"{url}/chat/completions", {"messages": "hello"})
        self.assertEqual((status, error["error"]["type"]), (400, "invalid_request_error"))
        self.assertEqual(http(f"{url}/chat/completions", b"{not json")[0], 400)
        self.assertEqual(http(f"{url}/chat/completions", {"messages": [{"role": "user", "content": "hi"}], "temperature": -1})[0], 400)

        batch = os.path.join(self.dir, "batch.jsonl")
        with open(batch, "w", encoding="utf-8") as handle:
            for i, (body, (_, answer, _)) in enumerate(zip(bodies, answers)):
                choice = answer["choices"][0]
                turn = {"promptTokenIds": answer["prompt_token_ids"], "tokenIds": choice["token_ids"], "logprobs": [c["logprob"] for c in choice["logprobs"]["content"]]}
                episode = {"group": f"g{i // 3}", "environmentId": "env", "reward": float(i % 3 == 0), "messages": body["messages"] + [choice["message"]], "tools": body["tools"], "turns": [turn]}
                handle.write(json.dumps(episode) + "\n")
        grpo, _ = w.request(6, "grpo_step", batch=batch, learningRate=1e-4, clipLow=0.2, clipHigh=0.28, version="v2")
        self.assertTrue(grpo["ok"], grpo)
        self.assertEqual({k: grpo["result"][k] for k in ("step", "groups", "episodes", "skippedGroups", "version")}, {"step": 101, "groups": 2, "episodes": 6, "skippedGroups": 0, "version": "v2"})
        self.assertLess(grpo["result"]["clipFraction"], 0.01)  # the server's logprobs are the current policy's
        _, after, headers = http(f"{url}/chat/completions", bodies[0])
        self.assertEqual((after["system_fingerprint"], headers.get("x-policy-version")), ("v2", "v2"))
        self.assertEqual(w.request(7, "set_version", version="v3")[0]["result"], {"version": "v3"})
        self.assertEqual(http(f"{url}/models")[1]["data"][0]["version"], "v3")
        self.assertEqual(w.request(8, "shutdown")[0], {"id": 8, "ok": True, "result": {}})
        self.assertEqual(w.proc.wait(timeout=DEADLINE_S), 0)

        resumed = WorkerProcess()
        self.addCleanup(resumed.kill)
        init, _ = resumed.request(1, "init", seed=3, threads=1, checkpoint=os.path.join(self.dir, "ckpt", "step-50.pt"))
        self.assertEqual(init["result"]["step"], 50)
        self.worker = resumed
        _, events = self.sft(2, 52)
        self.assertEqual([e["step"] for e in events if e["event"] == "step"], [51, 52])
        self.assertEqual(resumed.close_stdin_and_wait(), 0)


if __name__ == "__main__":
    unittest.main()
