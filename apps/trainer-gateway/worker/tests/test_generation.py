"""Batched KV-cache generation gives what one-at-a-time full recomputation gives."""

import unittest

import torch

from astra_trainer.generation import GenRequest, generate

from .helpers import fixture_records, tiny_state


class GenerationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.state = tiny_state(seed=11)
        cls.state.model.eval()
        tpl = cls.state.template
        cls.prompts = [tpl.render(r["messages"][: k + 1], r["tools"], generation_prompt=True)[0] for k, r in zip([0, 2, 4], fixture_records())]
        cls.end = cls.state.tokenizer.special("<|end|>")
        cls.pad = cls.state.tokenizer.pad_id

    def reference_greedy(self, prompt: list[int], n: int) -> tuple[list[int], list[float]]:
        ids, lps = list(prompt), []
        with torch.no_grad():
            for _ in range(n):
                logp = torch.log_softmax(self.state.model(torch.tensor([ids]))[0, -1], dim=-1)
                tok = int(logp.argmax())
                ids.append(tok)
                lps.append(float(logp[tok]))
                if tok == self.end:
                    break
        return ids[len(prompt) :], lps

    def test_left_padded_batch_with_cache_matches_unbatched_recomputation(self) -> None:
        self.assertGreater(len({len(p) for p in self.prompts}), 1)  # the batch really needs padding
        results = generate(self.state.model, [GenRequest(p, 12, temperature=0) for p in self.prompts], self.pad, self.end)
        for prompt, result in zip(self.prompts, results):
            tokens, lps = self.reference_greedy(prompt, 12)
            self.assertEqual(result.tokens, tokens)
            for a, b in zip(result.logprobs, lps):
                self.assertAlmostEqual(a, b, places=4)
            self.assertEqual(result.finish, "stop" if tokens[-1] == self.end else "length")

    def test_seeded_sampling_repeats_and_budgets_hold(self) -> None:
        reqs = [GenRequest(p, 9, temperature=1.0, top_p=0.9, seed=5) for p in self.prompts]
        first = generate(self.state.model, reqs, self.pad, self.end)
        second = generate(self.state.model, reqs[:1], self.pad, self.end)
        self.assertEqual(first[0].tokens, second[0].tokens)
        self.assertTrue(all(len(r.tokens) <= 9 for r in first))
        other = generate(self.state.model, [GenRequest(self.prompts[0], 9, temperature=1.0, seed=6)], self.pad, self.end)
        self.assertEqual(len(first[0].logprobs), len(first[0].tokens))
        self.assertNotEqual((first[0].tokens, first[0].logprobs), (other[0].tokens, other[0].logprobs))

    def test_a_tiny_top_p_keeps_only_the_most_likely_token(self) -> None:
        greedy = generate(self.state.model, [GenRequest(p, 8, temperature=0) for p in self.prompts], self.pad, self.end)
        nucleus = generate(self.state.model, [GenRequest(p, 8, temperature=1.5, top_p=1e-6, seed=i) for i, p in enumerate(self.prompts)], self.pad, self.end)
        self.assertEqual([r.tokens for r in nucleus], [r.tokens for r in greedy])

    def test_a_prompt_that_fills_the_context_generates_nothing(self) -> None:
        long_prompt = self.prompts[0] * 40
        [result] = generate(self.state.model, [GenRequest(long_prompt, 5, temperature=0)], self.pad, self.end)
        self.assertEqual((result.tokens, result.finish), ([], "length"))


if __name__ == "__main__":
    unittest.main()
