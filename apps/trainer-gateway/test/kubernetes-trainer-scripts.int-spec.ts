import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { F1_REWARD_PY, SFT_LAUNCHER_PY, TO_PARQUET_PY, VERL_STEPS_PY } from '../src/kubernetes/trainer-scripts';

// The Python the pods run, run here with the system Python (no GPU, no verl/TRL: the reward and the log filter
// need neither; the launcher and the parquet converter are only compiled).

const PYTHON = '/usr/bin/python3';

function python(args: string[], input = ''): string {
  const run = spawnSync(PYTHON, args, { input, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`python failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

describe('trainer scripts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'astra-k8s-scripts-'));
    for (const [file, source] of Object.entries({
      'astra_reward.py': F1_REWARD_PY,
      'astra_verl_steps.py': VERL_STEPS_PY,
      'astra_sft.py': SFT_LAUNCHER_PY,
      'to_parquet.py': TO_PARQUET_PY,
    })) {
      writeFileSync(join(dir, file), source);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles every script', () => {
    expect(() =>
      python(['-m', 'py_compile', ...['astra_reward.py', 'astra_verl_steps.py', 'astra_sft.py', 'to_parquet.py'].map((f) => join(dir, f))]),
    ).not.toThrow();
  });

  it('scores F1 on a hand-computed episode', () => {
    // Two tooled sub-tasks and one tool-free; three calls, one response holds answer A, the final answer holds C.
    // recall = 2/3, precision = min(1, 1/3) → F1 = 2·(1/3)(2/3)/(1/3+2/3) = 4/9.
    const truth = JSON.stringify({
      subTasks: [
        { answer: 'Paris', tooled: true },
        { answer: '42', tooled: true },
        { answer: 'blue', tooled: false },
      ],
      finalAnswer: 'blue',
    });
    const response =
      '<tool_call>a</tool_call><tool_response>It is Paris.</tool_response><tool_call>b</tool_call><tool_response>nothing</tool_response><tool_call>c</tool_call><tool_response>420</tool_response>The answer is Blue.';
    const script = `import json, sys; sys.path.insert(0, ${JSON.stringify(dir)}); from astra_reward import compute_score; print(json.dumps(compute_score("astra", sys.argv[1], sys.argv[2])))`;
    const score = JSON.parse(python(['-c', script, response, truth])) as Record<string, number>;
    expect(score.score).toBeCloseTo(4 / 9, 5);
    expect(score).toMatchObject({ calls: 3, solved: 1 });
    expect(score.recall).toBeCloseTo(2 / 3, 9);
  });

  it("turns verl's console step lines into astra_step lines and echoes the log", () => {
    const out = python(
      [join(dir, 'astra_verl_steps.py')],
      'loading\nstep:3 - actor/pg_loss:0.25 - critic/score/mean:0.5 - actor/lr:1e-06 - other:x\n',
    );
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['loading', 'step:3 - actor/pg_loss:0.25 - critic/score/mean:0.5 - actor/lr:1e-06 - other:x']);
    expect(JSON.parse(lines[2] ?? '')).toEqual({ astra_step: 3, loss: 0.25, rewardMean: 0.5, learningRate: 1e-6 });
  });
});
