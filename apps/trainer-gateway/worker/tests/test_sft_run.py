"""A tiny SFT run learns, and a run resumed from its checkpoint continues exactly where it stopped."""

import os
import shutil
import tempfile
import unittest

import torch

from astra_trainer.sft import batch_indices, run_sft
from astra_trainer.state import load_state

from .helpers import FIXTURE, tiny_state


def sft_args(directory: str, steps: int, every: int = 0) -> dict:
    return {
        "train": FIXTURE,
        "validation": FIXTURE,
        "steps": steps,
        "batchSize": 3,
        "learningRate": 1e-2,
        "warmupSteps": 2,
        "epochs": 100,
        "includeReasoning": False,
        "checkpointEvery": every,
        "checkpointDir": directory,
    }


class SftRunTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def test_training_lowers_the_loss_and_reports_events(self) -> None:
        state = tiny_state()
        events: list[tuple[str, dict]] = []
        result = run_sft(state, sft_args(self.dir, 30, every=10), lambda e, f: events.append((e, f)))
        losses = [f["loss"] for e, f in events if e == "step"]
        self.assertEqual([f["step"] for e, f in events if e == "step"], list(range(1, 31)))
        self.assertLess(sum(losses[-5:]) / 5, 0.6 * sum(losses[:5]) / 5)
        self.assertEqual([f["step"] for e, f in events if e == "checkpoint"], [10, 20, 30])
        self.assertEqual([f["step"] for e, f in events if e == "validation"], [10, 20, 30])
        self.assertTrue(os.path.exists(os.path.join(self.dir, "step-30.pt")))
        self.assertEqual((result["step"], result["examples"], result["skipped"]), (30, 7, 2))
        self.assertGreater(result["tokens"], 0)

    def test_resuming_from_a_checkpoint_repeats_the_uninterrupted_run(self) -> None:
        # The uninterrupted run writes step-5 on its way to step 8; a worker killed after it restarts from there.
        straight = tiny_state()
        run_sft(straight, sft_args(os.path.join(self.dir, "a"), 8, every=5), lambda e, f: None)
        resumed = load_state(os.path.join(self.dir, "a", "step-5.pt"), seed=7)
        self.assertEqual(resumed.step, 5)
        steps: list[int] = []
        run_sft(resumed, sft_args(os.path.join(self.dir, "b"), 8), lambda e, f: steps.append(f["step"]) if e == "step" else None)
        self.assertEqual(steps, [6, 7, 8])
        for a, b in zip(straight.model.state_dict().values(), resumed.model.state_dict().values()):
            self.assertTrue(torch.allclose(a, b, atol=1e-6), "weights differ after resuming")
        sa, sb = straight.optimizer.state_dict()["state"], resumed.optimizer.state_dict()["state"]
        for key in sa:
            self.assertTrue(torch.allclose(sa[key]["exp_avg_sq"], sb[key]["exp_avg_sq"], atol=1e-9))

    def test_batches_are_seeded_by_seed_and_epoch(self) -> None:
        lengths = list(range(10, 40))
        self.assertEqual(batch_indices(3, 1, lengths, 4), batch_indices(3, 1, lengths, 4))
        epoch = sorted(i for step in range(1, 9) for i in batch_indices(step, 1, lengths, 4))
        self.assertEqual(epoch, list(range(30)))  # each example once per epoch
        self.assertNotEqual([batch_indices(s, 1, lengths, 4) for s in range(1, 9)], [batch_indices(s, 2, lengths, 4) for s in range(1, 9)])


if __name__ == "__main__":
    unittest.main()
