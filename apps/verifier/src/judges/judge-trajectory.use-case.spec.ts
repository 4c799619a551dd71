import { AcceptanceRuleSchema, BusError, type JudgedTrajectory } from '@astra/contracts';
import type { ChatRequest, LlmClient } from '@astra/platform/llm';
import { JudgeLlm } from './judge-llm';
import { JudgeTrajectoryUseCase } from './judge-trajectory.use-case';

const TRAJECTORY: JudgedTrajectory = {
  question: 'How warm is it in Lyon?',
  tools: [
    {
      type: 'function',
      function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    },
  ],
  messages: [
    { role: 'user', content: 'How warm is it in Lyon?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } }],
    },
    { role: 'tool', content: '{"temperature": 21}', tool_call_id: 'c1' },
    { role: 'assistant', content: 'It is 21 degrees in Lyon.' },
  ],
};
const ACCEPTANCE = AcceptanceRuleSchema.parse({});

/** A client whose structured answer is chosen per dimension (read from the prompt). */
function fakeClient(answer: (dimension: string) => unknown): { client: LlmClient; requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  const structured = jest.fn((_role: string, _schema: unknown, request: ChatRequest) => {
    requests.push(request);
    const dimension = /Dimension: ([a-z-]+)/.exec(request.messages[1]?.content ?? '')?.[1] ?? '';
    const value = answer(dimension);
    return value instanceof Error ? Promise.reject(value) : Promise.resolve({ value, attempts: 1 });
  });
  const config = { roles: { judge: { model: 'judge-model' } } };
  return { client: { structured, config, close: jest.fn() } as unknown as LlmClient, requests };
}

describe('JudgeTrajectoryUseCase', () => {
  it('judges on the rules alone without a judge role', async () => {
    const verdict = await new JudgeTrajectoryUseCase(new JudgeLlm(null)).execute({ trajectory: TRAJECTORY, acceptance: ACCEPTANCE });
    expect(verdict).toMatchObject({ accepted: true, mode: 'rules', dimensions: [], mean: null });
    const noRole = { config: { roles: {} } } as unknown as LlmClient;
    expect((await new JudgeTrajectoryUseCase(new JudgeLlm(noRole)).execute({ trajectory: TRAJECTORY, acceptance: ACCEPTANCE })).mode).toBe(
      'rules',
    );
  });

  it('asks the seven dimensions and accepts good scores', async () => {
    const { client, requests } = fakeClient(() => ({ score: 5, reason: 'good' }));
    const verdict = await new JudgeTrajectoryUseCase(new JudgeLlm(client)).execute({ trajectory: TRAJECTORY, acceptance: ACCEPTANCE });
    expect(requests).toHaveLength(7);
    expect(verdict).toMatchObject({ accepted: true, mode: 'model', mean: 1, model: 'judge-model', reasons: [] });
    expect(verdict.dimensions).toHaveLength(7);
  });

  it('makes a failed call unknown and rejects', async () => {
    const { client } = fakeClient((d) =>
      d === 'final-answer' ? new BusError('LLM_OUTPUT_INVALID', 'not JSON') : { score: 5, reason: 'good' },
    );
    const verdict = await new JudgeTrajectoryUseCase(new JudgeLlm(client)).execute({ trajectory: TRAJECTORY, acceptance: ACCEPTANCE });
    expect(verdict).toMatchObject({ accepted: false, mean: null });
    expect(verdict.dimensions.find((d) => d.dimension === 'final-answer')).toMatchObject({ status: 'unknown', score: null });
    expect(verdict.reasons).toEqual([expect.stringContaining('dimension final-answer unknown (unknown: LLM_OUTPUT_INVALID: not JSON)')]);
  });

  it('spends no model call on a trajectory that failed a rule', async () => {
    const { client, requests } = fakeClient(() => ({ score: 5, reason: 'good' }));
    const broken = { ...TRAJECTORY, messages: TRAJECTORY.messages.slice(0, 3) };
    const verdict = await new JudgeTrajectoryUseCase(new JudgeLlm(client)).execute({ trajectory: broken, acceptance: ACCEPTANCE });
    expect(requests).toHaveLength(0);
    expect(verdict).toMatchObject({ accepted: false, mode: 'model', dimensions: [] });
    expect(verdict.reasons.join('\n')).toContain('rule results-used failed');
  });
});
