"""SFT loss falls on assistant tokens only: a test here fails if tool-result, user or tools tokens carry loss."""

import unittest

import torch
import torch.nn.functional as F

from astra_trainer.data import Example
from astra_trainer.sft import masked_loss, pad_batch

from .helpers import fixture_records, tiny_state


class SftMaskingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.state = tiny_state()
        cls.record = fixture_records()[0]

    def loss_and_grads(self, messages: list[dict]) -> tuple[float, list[torch.Tensor]]:
        ids, mask = self.state.template.render(messages, self.record["tools"])
        self.state.model.zero_grad(set_to_none=True)
        loss, _ = masked_loss(self.state.model, *pad_batch([Example(ids, mask)], self.state.tokenizer.pad_id))
        loss.backward()
        return float(loss), [p.grad.clone() for p in self.state.model.parameters()]

    def assert_same(self, a: tuple[float, list[torch.Tensor]], b: tuple[float, list[torch.Tensor]]) -> None:
        self.assertAlmostEqual(a[0], b[0], places=6)
        for ga, gb in zip(a[1], b[1]):
            self.assertTrue(torch.allclose(ga, gb, atol=1e-7), "a gradient changed")

    def test_a_tool_result_carries_no_loss(self) -> None:
        # A trailing tool result: nothing after it depends on it, so only its own loss could change the total.
        base = self.record["messages"][:-1]
        short = self.loss_and_grads(base[:-1] + [{**base[-1], "content": "7"}])
        long = self.loss_and_grads(base[:-1] + [{**base[-1], "content": '{"population": 1, "city": "Qwxz"} ' * 5}])
        self.assert_same(short, long)

    def test_a_user_turn_carries_no_loss(self) -> None:
        base = self.record["messages"]
        one = self.loss_and_grads(base + [{"role": "user", "content": "thanks"}])
        other = self.loss_and_grads(base + [{"role": "user", "content": "Now tell me about Oslo, Lima and Tokyo please."}])
        self.assert_same(one, other)

    def test_an_assistant_turn_does_carry_loss(self) -> None:
        base = self.record["messages"]
        one = self.loss_and_grads(base[:-1] + [{"role": "assistant", "content": "2102650"}])
        other = self.loss_and_grads(base[:-1] + [{"role": "assistant", "content": "Paris has about two million people."}])
        self.assertNotAlmostEqual(one[0], other[0], places=4)

    def test_loss_is_the_mean_over_assistant_spans_only(self) -> None:
        tok = self.state.tokenizer
        ids, mask = self.state.template.render(self.record["messages"], self.record["tools"])
        # The assistant spans found independently: after each <|assistant|> up to and including the next <|end|>.
        expected_mask, inside = [], False
        for t in ids:
            expected_mask.append(1 if inside else 0)
            if t == tok.special("<|assistant|>"):
                inside = True
            elif t == tok.special("<|end|>"):
                inside = False
        self.assertEqual(mask, expected_mask)
        tensor = torch.tensor([ids])
        with torch.no_grad():
            ce = F.cross_entropy(self.state.model(tensor[:, :-1])[0], tensor[0, 1:], reduction="none")
            loss, count = masked_loss(self.state.model, *pad_batch([Example(ids, mask)], tok.pad_id))
        positions = [i - 1 for i in range(1, len(ids)) if expected_mask[i]]
        self.assertEqual(int(count), len(positions))
        self.assertAlmostEqual(float(loss), float(ce[positions].mean()), places=5)


if __name__ == "__main__":
    unittest.main()
