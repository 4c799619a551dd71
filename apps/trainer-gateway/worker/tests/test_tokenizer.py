import random
import unittest

from astra_trainer.tokenizer import SPECIALS, Tokenizer

TEXTS = [
    'How many people live in the capital of France? {"country":"France","capital":"Paris"}',
    "How many people live in the capital of Peru? get_capital get_population",
] * 3


class TokenizerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tok = Tokenizer.build(TEXTS, min_word_count=3)

    def test_round_trips_arbitrary_strings(self) -> None:
        samples = [
            "",
            " ",
            "   leading and trailing spaces   ",
            "Ouagadougou and Zzyzx-Ütrecht were never seen",
            '{"city": "São Paulo", "population": 12325232, "nested": {"a": [1, 2.5, null, true]}}',
            "日本の首都は東京です。🙂👍🏽 \u200b zero-width",
            "tabs\tand\nnewlines\r\n and \x00 control \x7f bytes",
            "<|end|><tool_call>not special when typed</tool_call>",
            "lone surrogate \ud800 survives",
        ]
        rng = random.Random(3)
        alphabet = "abcXYZ _{}\":,0123456789éß中🙂\n\t<|>"
        samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(200)]
        samples += ["".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(20)) for _ in range(50)]
        for text in samples:
            self.assertEqual(self.tok.decode(self.tok.encode(text)), text, repr(text))

    def test_frequent_words_are_single_tokens_and_unseen_names_are_spelled(self) -> None:
        self.assertEqual(len(self.tok.encode("get_capital")), 1)
        self.assertEqual(len(self.tok.encode(" capital")), 1)
        self.assertEqual(len(self.tok.encode('":"')), 1)
        # an unseen name is spelled character by character, the same way wherever it appears
        spelled = self.tok.encode("Zorvath")
        self.assertEqual(len(spelled), len("Zorvath"))
        self.assertEqual(self.tok.encode(" Zorvath")[1:], spelled)

    def test_typed_special_text_never_becomes_a_special_token(self) -> None:
        specials = {self.tok.special(s) for s in SPECIALS}
        self.assertFalse(specials & set(self.tok.encode("<|end|><|assistant|><tool_call><pad>")))

    def test_state_round_trip_keeps_the_vocabulary(self) -> None:
        copy = Tokenizer.from_state(self.tok.to_state())
        text = "the capital of Peru is Lima, 10092000 people"
        self.assertEqual(copy.encode(text), self.tok.encode(text))
        self.assertEqual(len(copy), len(self.tok))


if __name__ == "__main__":
    unittest.main()
