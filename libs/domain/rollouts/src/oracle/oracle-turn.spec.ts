import type { EnvTool, SubTask } from '@astra/contracts';
import { groupStats } from '../groups/group-stats';
import { argumentsFit } from '../reward/arguments-fit';
import type { ScoredCall } from '../reward/reward.types';
import { scoreTrajectory } from '../reward/score-trajectory';
import { type OracleTurn, oracleTurn } from './oracle-turn';

function tooled(id: string, dependsOn: string[], tool: string, args: Record<string, unknown>, answer: string): SubTask {
  return {
    id,
    question: `what is ${id}?`,
    answer,
    dependsOn,
    hop: dependsOn.length + 1,
    toolNecessity: true,
    call: { tool, arguments: args },
  };
}
const tool = (name: string): EnvTool => ({
  name,
  description: name,
  parameters: { type: 'object', properties: {} },
  language: 'python',
  code: 'x',
  badCalls: [],
});

// a → (b, c) → d → e (tool-free); f repeats a's call statement.
const env = {
  subTasks: [
    tooled('a', [], 'country_of', { city: 'Lyon' }, 'France'),
    tooled('f', [], 'country_of', { city: 'Lyon' }, 'France'),
    tooled('b', ['a'], 'capital_of', { country: 'France' }, 'Paris'),
    tooled('c', ['a'], 'currency_of', { country: 'France', year: 2024 }, 'euro'),
    tooled('d', ['b', 'c'], 'mayor_of', { city: 'Paris', official: true }, 'Anne Hidalgo'),
    { id: 'e', question: 'initials of d?', answer: 'AH', dependsOn: ['d'], hop: 4, toolNecessity: false },
  ],
  finalAnswer: 'Anne Hidalgo (AH)',
  tools: ['country_of', 'capital_of', 'currency_of', 'mayor_of'].map(tool),
};
const offered = [...env.tools.map((t) => t.name), 'weather_in', 'city_of'];

/** A fake sandbox: the environment's own tools answer their call statements and reject anything else. */
function execute(call: OracleTurn['calls'][number], id: string, silent: ReadonlySet<string>): ScoredCall {
  const base = { id, tool: call.name, arguments: call.arguments };
  if (!env.tools.some((t) => t.name === call.name)) return { ...base, status: 'ok', resultText: 'nothing relevant' };
  const match = env.subTasks.find((s) => s.call?.tool === call.name && argumentsFit(s.call.arguments, call.arguments));
  if (match === undefined) return { ...base, status: 'error', resultText: '' };
  return { ...base, status: 'ok', resultText: silent.has(match.id) ? 'no data' : `result: ${match.answer}` };
}

function play(noise: number, seed: number, silent: ReadonlySet<string> = new Set()) {
  const history: ScoredCall[] = [];
  const turns: OracleTurn[] = [];
  for (let turn = 0; turn < 100; turn += 1) {
    const next = oracleTurn(env, history, offered, noise, seed, turn);
    turns.push(next);
    if (next.calls.length === 0) return { history, turns, final: next.content, reward: scoreTrajectory(env, history, next.content, 'f1') };
    for (const call of next.calls) history.push(execute(call, `c${history.length}`, silent));
  }
  throw new Error(`seed ${seed}: no answer after 100 turns`);
}

describe('oracleTurn without noise', () => {
  it('solves the environment optimally: one call per distinct statement, one turn per layer, then the answer', () => {
    const { history, turns, final, reward } = play(0, 1);
    expect(turns.map((t) => t.calls.map((c) => c.name))).toEqual([['country_of'], ['capital_of', 'currency_of'], ['mayor_of'], []]);
    expect(history).toHaveLength(4);
    expect(reward.reward).toBeCloseTo(1, 5);
    expect(reward.solved).toHaveLength(6);
    expect(reward.finalAnswerCorrect).toBe(true);
    expect(final).toContain('Final answer: Anne Hidalgo (AH)');
    expect(turns[1]?.content).toBe('Looking up: what is b?; what is c?');
  });

  it('is the same for every seed', () => {
    for (let seed = 0; seed < 20; seed += 1) expect(play(0, seed).history).toEqual(play(0, 1).history);
  });

  it('does not repeat a call that did not solve, and answers with what it has', () => {
    const { history, final, reward } = play(0, 1, new Set(['b']));
    expect(history.map((c) => c.tool)).toEqual(['country_of', 'capital_of', 'currency_of']);
    expect(final).not.toContain('Final answer');
    expect(reward.recall).toBeCloseTo(3 / 6, 5);
  });
});

describe('oracleTurn with noise', () => {
  const runs = Array.from({ length: 60 }, (_, seed) => play(0.4, seed));

  it('gives a spread of rewards across seeds', () => {
    const rewards = runs.map((r) => r.reward.reward);
    expect(new Set(rewards.map((r) => r.toFixed(4))).size).toBeGreaterThan(3);
    expect(groupStats(rewards).std).toBeGreaterThan(0.05);
    expect(rewards.filter((r) => r > 0.999).length).toBeGreaterThan(0);
  });

  it('makes each kind of mistake: wrong arguments (retried), distractor calls, duplicates, early answers', () => {
    const calls = runs.flatMap((r) => r.history);
    expect(calls.some((c) => c.status === 'error')).toBe(true);
    expect(calls.some((c) => c.tool === 'weather_in' || c.tool === 'city_of')).toBe(true);
    expect(runs.some((r) => r.turns.some((t) => new Set(t.calls.map((c) => JSON.stringify(c))).size < t.calls.length))).toBe(true);
    expect(runs.some((r) => !r.final.includes('Final answer'))).toBe(true);
    // A wrong argument leaves its sub-task pending; the next turn retries it with the right call.
    const retriedAndSolved = runs.some((r) =>
      r.history.some(
        (failed, i) => failed.status === 'error' && r.history.slice(i + 1).some((c) => c.tool === failed.tool && c.status === 'ok'),
      ),
    );
    expect(retriedAndSolved).toBe(true);
  });

  it('never calls a distractor it was not offered, and always ends, even at noise 1', () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const { history } = play(1, seed);
      expect(history.every((c) => offered.includes(c.tool))).toBe(true);
    }
  });

  it('never makes the same failing call twice, even at noise 1', () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const failed = play(1, seed).history.filter((c) => c.status !== 'ok');
      const keys = failed.map((c) => `${c.tool}:${JSON.stringify(c.arguments)}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('is deterministic for a seed and turn', () => {
    expect(play(0.5, 7)).toEqual(play(0.5, 7));
  });
});
