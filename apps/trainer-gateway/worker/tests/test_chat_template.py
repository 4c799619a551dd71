import json
import unittest

from astra_trainer.chat_template import ChatTemplate, parse_assistant_text, tool_signature
from astra_trainer.tokenizer import Tokenizer

from .helpers import fixture_records

TOOLS = fixture_records()[0]["tools"]


def conversation(tool_result: str = '{"capital":"Paris"}') -> list[dict]:
    return [
        {"role": "user", "content": "Capital of France?"},
        {
            "role": "assistant",
            "content": None,
            "reasoning_content": "Look it up.",
            "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "get_capital", "arguments": '{"country": "France"}'}}],
        },
        {"role": "tool", "tool_call_id": "c1", "content": tool_result},
        {"role": "assistant", "content": "Paris"},
    ]


class ChatTemplateTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tok = Tokenizer.build(["Capital of France? get_capital country Paris"], min_word_count=1)
        self.template = ChatTemplate(self.tok)

    def text(self, ids: list[int]) -> str:
        return self.tok.decode(ids)

    def test_renders_the_documented_template(self) -> None:
        ids, _ = self.template.render(conversation(), TOOLS)
        self.assertEqual(
            self.text(ids),
            "<|user|>Capital of France?<|end|>"
            "<|tools|>get_capital(country: string)\nget_population(city: string, year: integer)<|end|>"
            '<|assistant|><tool_call>{"name": "get_capital", "arguments": {"country":"France"}}</tool_call><|end|>'
            '<|tool|>{"capital":"Paris"}<|end|>'
            "<|assistant|>Paris<|end|>",
        )

    def test_mask_covers_exactly_the_assistant_turns_after_their_marker(self) -> None:
        ids, mask = self.template.render(conversation(), TOOLS)
        masked = "".join(self.tok.decode([t]) for t, m in zip(ids, mask) if m)
        self.assertEqual(masked, '<tool_call>{"name": "get_capital", "arguments": {"country":"France"}}</tool_call><|end|>Paris<|end|>')
        starts = [i for i, t in enumerate(ids) if t == self.tok.special("<|assistant|>")]
        for start in starts:
            self.assertEqual(mask[start], 0)
            self.assertEqual(mask[start + 1], 1)
        first_end_after = ids.index(self.tok.special("<|end|>"), starts[0])
        self.assertEqual(mask[first_end_after], 1)
        self.assertEqual(mask[first_end_after + 1], 0)  # the <|tool|> marker
        self.assertEqual(len(ids), len(mask))

    def test_tool_results_are_cut_at_600_characters(self) -> None:
        ids, _ = self.template.render(conversation("x" * 1000), TOOLS)
        self.assertIn("<|tool|>" + "x" * 600 + "<|end|>", self.text(ids))
        self.assertNotIn("x" * 601, self.text(ids))

    def test_reasoning_only_when_asked_and_generation_prompt(self) -> None:
        plain, _ = self.template.render(conversation(), TOOLS)
        self.assertNotIn("Look it up.", self.text(plain))
        with_reasoning, mask = self.template.render(conversation(), TOOLS, include_reasoning=True)
        self.assertIn("<|assistant|><think>Look it up.</think><tool_call>", self.text(with_reasoning))
        prompt, _ = self.template.render(conversation()[:1], TOOLS, generation_prompt=True)
        self.assertTrue(self.text(prompt).endswith("<|end|><|assistant|>"))

    def test_tool_signatures_are_compact(self) -> None:
        self.assertEqual(tool_signature(TOOLS[1]), "get_population(city: string, year: integer)")

    def test_tool_call_text_round_trip(self) -> None:
        message = {
            "role": "assistant",
            "content": "Checking both.",
            "tool_calls": [
                {"id": "a", "type": "function", "function": {"name": "get_population", "arguments": '{"city": "São Paulo", "year": 2020}'}},
                {"id": "b", "type": "function", "function": {"name": "get_capital", "arguments": "{}"}},
            ],
        }
        text = self.tok.decode(self.template.assistant_ids(message, include_reasoning=False)[:-1])
        content, calls, reasoning = parse_assistant_text(text)
        self.assertEqual(content, "Checking both.")
        self.assertIsNone(reasoning)
        self.assertEqual([c["name"] for c in calls], ["get_population", "get_capital"])
        self.assertEqual(json.loads(calls[0]["arguments"]), {"city": "São Paulo", "year": 2020})
        self.assertEqual(json.loads(calls[1]["arguments"]), {})

    def test_a_tag_that_does_not_parse_stays_in_the_content(self) -> None:
        text = '<tool_call>{"name": "get_capital", "arguments": {"country": </tool_call><tool_call>{"name": "ok", "arguments": {}}</tool_call>'
        content, calls, _ = parse_assistant_text(text)
        self.assertEqual(content, '<tool_call>{"name": "get_capital", "arguments": {"country": </tool_call>')
        self.assertEqual(calls, [{"name": "ok", "arguments": "{}"}])


if __name__ == "__main__":
    unittest.main()
