"""GRPO on hand-computed cases: advantages, skipped groups, clipping, the token mean, and masked tokens."""

import json
import os
import tempfile
import unittest

import torch

from astra_trainer.grpo import batch_samples, group_advantages, run_grpo_step, sample_loss, surrogate, token_samples

from .helpers import fixture_records, tiny_state


def episode(group: str, reward: float, turns: list[dict] | None = None) -> dict:
    record = fixture_records()[0]
    return {"group": group, "environmentId": "env", "reward": reward, "messages": record["messages"], "tools": record["tools"], "turns": turns or []}


class AdvantageTest(unittest.TestCase):
    def test_group_relative_with_population_std(self) -> None:
        for got, want in zip(group_advantages([1, 0, 0, 1]), [1, -1, -1, 1]):
            self.assertAlmostEqual(got, want, places=5)
        # mean 1, population std sqrt(2/3)
        a = group_advantages([0, 1, 2])
        self.assertAlmostEqual(a[0], -1 / (2 / 3) ** 0.5, places=5)

    def test_a_group_without_spread_is_skipped(self) -> None:
        self.assertIsNone(group_advantages([0.5, 0.5, 0.5]))
        state = tiny_state()
        samples, groups, skipped, used = batch_samples(state, [episode("a", 1), episode("a", 1), episode("b", 1), episode("b", 0)])
        self.assertEqual((groups, skipped, used, len(samples)), (2, 1, 2, 2))


class SurrogateTest(unittest.TestCase):
    def run_case(self, ratio: float, adv: float, low: float = 0.2, high: float = 0.28) -> tuple[float, int]:
        new = torch.tensor([0.0])
        old = torch.tensor([-torch.log(torch.tensor(ratio)).item()])  # exp(new - old) == ratio
        loss, clipped = surrogate(new, old, torch.tensor([adv]), torch.tensor([1.0]), low, high)
        return float(loss), clipped

    def test_a_high_ratio_with_a_positive_advantage_is_clipped_at_one_plus_clip_high(self) -> None:
        self.assertAlmostEqual(self.run_case(1.5, 1.0)[0], -1.28, places=5)
        self.assertEqual(self.run_case(1.5, 1.0)[1], 1)

    def test_a_low_ratio_with_a_negative_advantage_is_clipped_at_one_minus_clip_low(self) -> None:
        self.assertAlmostEqual(self.run_case(0.5, -1.0)[0], 0.8, places=5)
        self.assertEqual(self.run_case(0.5, -1.0)[1], 1)

    def test_the_unclipped_term_is_kept_when_it_is_the_smaller(self) -> None:
        self.assertAlmostEqual(self.run_case(0.5, 1.0)[0], -0.5, places=5)
        self.assertAlmostEqual(self.run_case(1.5, -1.0)[0], 1.5, places=5)
        self.assertEqual(self.run_case(0.5, 1.0)[1] + self.run_case(1.5, -1.0)[1], 0)

    def test_masked_tokens_contribute_nothing(self) -> None:
        loss, clipped = surrogate(torch.tensor([0.0, 0.0]), torch.tensor([0.0, -5.0]), torch.tensor([1.0, 1.0]), torch.tensor([1.0, 0.0]), 0.2, 0.2)
        self.assertAlmostEqual(float(loss), -1.0, places=6)
        self.assertEqual(clipped, 0)


class TokenDataTest(unittest.TestCase):
    def test_turns_that_extend_each_other_make_one_sequence_with_loss_on_generated_tokens(self) -> None:
        turns = [
            {"promptTokenIds": [1, 2], "tokenIds": [3, 4], "logprobs": [-0.1, -0.2]},
            {"promptTokenIds": [1, 2, 3, 4, 5, 6], "tokenIds": [7], "logprobs": [-0.3]},
        ]
        [sample] = token_samples(turns, 0.5)
        self.assertEqual(sample.ids, [1, 2, 3, 4, 5, 6, 7])
        self.assertEqual(sample.mask, [0, 0, 1, 1, 0, 0, 1])
        self.assertEqual(sample.old, [0.0, 0.0, -0.1, -0.2, 0.0, 0.0, -0.3])

    def test_a_prompt_that_does_not_extend_the_previous_turn_gives_one_sample_per_turn(self) -> None:
        turns = [
            {"promptTokenIds": [1, 2], "tokenIds": [3], "logprobs": [-0.1]},
            {"promptTokenIds": [1, 9, 3, 5], "tokenIds": [7], "logprobs": [-0.3]},
        ]
        samples = token_samples(turns, 1.0)
        self.assertEqual([s.ids for s in samples], [[1, 2, 3], [1, 9, 3, 5, 7]])
        self.assertEqual([s.mask for s in samples], [[0, 0, 1], [0, 0, 0, 0, 1]])


class GrpoStepTest(unittest.TestCase):
    def write_batch(self, episodes: list[dict]) -> str:
        handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        handle.write("\n".join(json.dumps(e) for e in episodes) + "\n")
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_without_token_data_the_loss_is_minus_the_token_mean_advantage(self) -> None:
        state = tiny_state()
        records = fixture_records()
        eps = [
            {**episode("g", 1.0), "messages": records[0]["messages"]},
            {**episode("g", 0.0), "messages": records[1]["messages"]},
        ]
        n = [sum(state.template.render(e["messages"], e["tools"])[1][1:]) for e in eps]
        before = [p.detach().clone() for p in state.model.parameters()]
        versions = []
        result = run_grpo_step(state, {"batch": self.write_batch(eps), "learningRate": 1e-3, "clipLow": 0.2, "clipHigh": 0.2, "version": "v2"}, versions.append)
        # ratio 1 everywhere: loss = -(sum_i A_i n_i) / sum_i n_i with A = [1, -1]
        self.assertAlmostEqual(result["loss"], -(n[0] - n[1]) / (n[0] + n[1]), places=4)
        self.assertEqual((result["step"], result["groups"], result["episodes"], result["skippedGroups"]), (1, 1, 2, 0))
        self.assertEqual((result["version"], versions), ("v2", ["v2"]))
        self.assertEqual(result["clipFraction"], 0.0)
        self.assertTrue(any(not torch.equal(a, b) for a, b in zip(before, state.model.parameters())))

    def test_prompt_user_and_tool_tokens_get_no_gradient(self) -> None:
        state = tiny_state()
        records = fixture_records()
        eps = [{**episode("g", 1.0), "messages": records[0]["messages"]}, {**episode("g", 0.0), "messages": records[2]["messages"]}]
        samples, *_ = batch_samples(state, eps)
        total = sum(sum(s.mask[1:]) for s in samples)
        state.model.zero_grad(set_to_none=True)
        (sample_loss(state, samples, 0.2, 0.2)[0] / total).backward()
        got = [p.grad.clone() for p in state.model.parameters()]
        # The reference: -A * log p summed over tokens inside assistant spans, found by scanning the specials.
        tok = state.tokenizer
        state.model.zero_grad(set_to_none=True)
        reference = torch.zeros(())
        for e, adv in zip(eps, [1.0, -1.0]):
            ids = state.template.render(e["messages"], e["tools"])[0]
            logp = torch.log_softmax(state.model(torch.tensor([ids[:-1]]))[0], dim=-1)
            inside = False
            for i, t in enumerate(ids):
                if inside and i > 0:
                    reference = reference - adv * logp[i - 1, t]
                inside = (inside or t == tok.special("<|assistant|>")) and not (inside and t == tok.special("<|end|>"))
        (reference / total).backward()
        for a, b in zip(got, state.model.parameters()):
            self.assertTrue(torch.allclose(a, b.grad, atol=1e-6), "a gradient differs from assistant-only tokens")

    def test_the_ratio_uses_the_servers_logprobs_on_generated_tokens_only(self) -> None:
        state = tiny_state()
        prompt = state.template.render(fixture_records()[0]["messages"][:1], fixture_records()[0]["tools"], generation_prompt=True)[0]
        tokens = state.tokenizer.encode("Paris") + [state.tokenizer.special("<|end|>")]
        with torch.no_grad():
            logp = torch.log_softmax(state.model(torch.tensor([prompt + tokens[:-1]]))[0], dim=-1)
        current = [float(logp[len(prompt) - 1 + i, t]) for i, t in enumerate(tokens)]
        # Old logprobs 1.5x less likely than now on every generated token: ratio 1.5, A = +1 / -1 → clipped / not.
        turns = [{"promptTokenIds": prompt, "tokenIds": tokens, "logprobs": [lp - float(torch.log(torch.tensor(1.5))) for lp in current]}]
        eps = [episode("g", 1.0, turns), episode("g", 0.0, turns)]
        result = run_grpo_step(state, {"batch": self.write_batch(eps), "learningRate": 1e-3, "clipLow": 0.2, "clipHigh": 0.2, "version": "v"}, lambda v: None)
        # per token: A=+1 → min(1.5, 1.2) = 1.2; A=-1 → min(-1.5, -1.2) = -1.5; token mean of the negatives
        self.assertAlmostEqual(result["loss"], -(1.2 - 1.5) / 2, places=4)
        self.assertAlmostEqual(result["clipFraction"], 0.5, places=6)
        self.assertEqual(result["tokens"], 2 * len(prompt + tokens))


if __name__ == "__main__":
    unittest.main()
