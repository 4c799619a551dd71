import type { JudgedTrajectory } from '@astra/contracts';
import type { NatsBus } from '@astra/platform/bus';
import { LlmTestServer } from '@astra/testing';
import { VerifierHarness } from './verifier.harness';

jest.setTimeout(120_000);

const TRAJECTORY: JudgedTrajectory = {
  question: 'How warm is it in Lyon right now?',
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather of a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ],
  messages: [
    { role: 'user', content: 'How warm is it in Lyon right now?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } }],
    },
    { role: 'tool', content: '{"city": "Lyon", "temperature": 21.5, "conditions": "sunny"}', tool_call_id: 'c1' },
    { role: 'assistant', content: 'It is 21.5 °C and sunny in Lyon.' },
  ],
};

const GOOD = { reply: { content: '{"score": 5, "reason": "clear and grounded"}' } };

describe('judge.trajectory.evaluate with a judge model (real nats-server, LLM test server)', () => {
  const llm = new LlmTestServer();
  const world = new VerifierHarness();
  let cli: NatsBus;

  beforeAll(async () => {
    await llm.start();
    const config = {
      roles: {
        judge: { endpoints: [{ baseUrl: llm.baseUrl }], model: 'judge-model', retries: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
      },
    };
    await world.start({ ASTRA_LLM_CONFIG_JSON: JSON.stringify(config) });
    cli = await world.client('trajectory-synth');
  });
  afterAll(async () => {
    await world.stop();
    await llm.stop();
  });

  it('accepts a good trajectory that the judge scores well on all seven dimensions', async () => {
    llm.setRules([GOOD]);
    const before = llm.requests.length;
    const verdict = await cli.request('judge.trajectory.evaluate', { trajectory: TRAJECTORY });
    expect(verdict).toMatchObject({ accepted: true, mode: 'model', model: 'judge-model', mean: 1, reasons: [] });
    expect(verdict.rules.every((r) => r.passed)).toBe(true);
    expect(verdict.dimensions.map((d) => [d.status, d.score])).toEqual(Array(7).fill(['scored', 1]));
    expect(llm.requests.length - before).toBe(7);
  });

  it('makes a dimension whose answer stays garbage after the repair turn unknown, and rejects', async () => {
    llm.setRules([{ match: { contains: 'Dimension: tool-conciseness' }, reply: { content: 'Looks fine to me!' } }, GOOD]);
    const verdict = await cli.request('judge.trajectory.evaluate', { trajectory: TRAJECTORY });
    expect(verdict).toMatchObject({ accepted: false, mode: 'model', mean: null });
    const unknown = verdict.dimensions.filter((d) => d.status === 'unknown');
    expect(unknown).toEqual([
      { dimension: 'tool-conciseness', status: 'unknown', score: null, reason: expect.stringContaining('LLM_OUTPUT_INVALID') },
    ]);
    expect(verdict.reasons).toEqual([expect.stringContaining('dimension tool-conciseness unknown')]);
  });

  it('makes dimensions whose calls fail past their retries unknown, and rejects', async () => {
    llm.setRules([GOOD]);
    // Two attempts for each of the seven calls: fourteen failures leave none of them a good answer.
    llm.injectFault({ kind: 'server_error', status: 503 }, 14);
    const verdict = await cli.request('judge.trajectory.evaluate', { trajectory: TRAJECTORY });
    expect(llm.pendingFaults).toBe(0);
    expect(verdict).toMatchObject({ accepted: false, mode: 'model', mean: null });
    expect(verdict.dimensions.map((d) => d.status)).toEqual(Array(7).fill('unknown'));
    expect(verdict.dimensions[0]?.reason).toContain('LLM_UNAVAILABLE');
  });

  it('rejects on a failed rule without asking the model', async () => {
    llm.setRules([GOOD]);
    const before = llm.requests.length;
    const ghost = structuredClone(TRAJECTORY);
    const call = ghost.messages[1]?.tool_calls?.[0];
    if (call) call.function.name = 'get_forecast';
    const verdict = await cli.request('judge.trajectory.evaluate', { trajectory: ghost });
    expect(verdict).toMatchObject({ accepted: false, mode: 'model', dimensions: [] });
    expect(verdict.reasons.join('\n')).toContain('rule tools-exist failed');
    expect(llm.requests.length).toBe(before);
  });
});

describe('judge.trajectory.evaluate without an LLM config (real nats-server)', () => {
  const world = new VerifierHarness();
  let cli: NatsBus;

  beforeAll(async () => {
    await world.start();
    cli = await world.client('rollout-broker');
  });
  afterAll(async () => {
    await world.stop();
  });

  it('judges on the rule checks alone', async () => {
    const verdict = await cli.request('judge.trajectory.evaluate', { trajectory: TRAJECTORY });
    expect(verdict).toMatchObject({ accepted: true, mode: 'rules', dimensions: [], mean: null, reasons: [] });
    const ungrounded = structuredClone(TRAJECTORY);
    ungrounded.messages[3] = { role: 'assistant', content: 'The weather there is pleasant.' };
    const rejected = await cli.request('judge.trajectory.evaluate', { trajectory: ungrounded });
    expect(rejected).toMatchObject({ accepted: false, mode: 'rules' });
    expect(rejected.reasons).toEqual([expect.stringContaining('rule answer-grounded failed')]);
  });
});
