import { z } from 'zod';
import { BusError, EnvSynthesisRequestSchema } from '@astra/contracts';
import type { ChatRequest, LlmClient } from '@astra/platform/llm';
import { LlmStepFailure, LlmSteps } from './llm-steps';
import { llmSources, planLlmUnit } from './llm-unit-plan';
import { candidateCount } from './qa-selection.step';

/** A client whose structured() answers in turn (an Error is thrown) and records the requests. */
function scripted(answers: (unknown | Error)[]): { client: LlmClient; requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  const structured = async (_role: string, _schema: unknown, request: ChatRequest) => {
    requests.push(request);
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return { value: next, attempts: 1 };
  };
  return { client: { structured } as unknown as LlmClient, requests };
}
const invalid = () => new BusError('LLM_OUTPUT_INVALID', 'model answer invalid after a repair attempt: bad');
const schema = z.object({ n: z.number() });
const messages = [{ role: 'user' as const, content: 'give n' }];

describe('LlmSteps.ask', () => {
  it('asks afresh once after an invalid answer, telling the model what was wrong', async () => {
    const { client, requests } = scripted([invalid(), { n: 3 }]);
    await expect(new LlmSteps(client, {}).ask('count', 'r', schema, messages)).resolves.toEqual({ n: 3 });
    expect(requests[1]?.messages[0]?.content).toContain('Attempt 2: an earlier answer to this request could not be used');
  });

  it('fails naming the step after the second invalid answer', async () => {
    const { client } = scripted([invalid(), invalid()]);
    const failure = await new LlmSteps(client, {}).ask('count', 'r', schema, messages).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LlmStepFailure);
    expect((failure as LlmStepFailure).message).toMatch(/^count: no valid answer after 2 asks/);
  });

  it('lets other faults through for the job to retry', async () => {
    const { client } = scripted([new BusError('LLM_UNAVAILABLE', 'down')]);
    await expect(new LlmSteps(client, {}).ask('count', 'r', schema, messages)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
  });
});

describe('unit planning', () => {
  const request = EnvSynthesisRequestSchema.parse({
    jobId: 'j',
    strategy: 'llm',
    count: 10,
    hops: { min: 1, max: 3 },
    questions: [{ question: 'Q1?', domain: 'd1' }],
    domains: [{ domain: 'd2', knowledgeCorpus: 'facts' }],
  });

  it('cycles over questions then domains; domain units also over the scenario types the budget allows', () => {
    expect(llmSources(request).map((s) => s.kind)).toEqual(['question', 'domain']);
    const plans = [0, 1, 2, 3].map((i) => planLlmUnit(request, i));
    expect(plans.map((p) => [p.source.kind, p.scenarioType, p.hops])).toEqual([
      ['question', undefined, { min: 1, max: 3 }],
      ['domain', 'parallel-single-hop', { min: 1, max: 1 }],
      ['question', undefined, { min: 1, max: 3 }],
      ['domain', 'parallel-multi-hop', { min: 2, max: 3 }],
    ]);
    expect(plans[0]?.template).toMatch(/^[0-9a-f]{64}$/);
    expect(plans[1]?.template).toBeUndefined();
    expect(plans[1]?.inputs).not.toEqual(planLlmUnit({ ...request, domains: [{ domain: 'd2' }] }, 1).inputs);
  });

  it('generates ceil(1 / kept fraction) candidates', () => {
    expect([0.34, 0.1, 0.5, 1].map(candidateCount)).toEqual([3, 10, 2, 1]);
  });
});
