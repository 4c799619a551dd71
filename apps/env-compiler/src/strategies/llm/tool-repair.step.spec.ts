import type { EnvironmentContentInput, EnvVerification } from '@astra/contracts';
import type { LlmClient } from '@astra/platform/llm';
import type { ToolVerifierPort } from '../../synthesis/environment-strategy';
import type { DraftEnv } from './draft-env';
import { LlmSteps } from './llm-steps';
import { verifyWithRepair, type RepairContext } from './tool-repair.step';

const env: DraftEnv = {
  tools: [
    {
      doc: {
        name: 'capital',
        description: 'capital of a country',
        parameters: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'] },
      },
      code: 'def capital(country=None):\n    return "Lyon"',
      badCalls: [{}],
    },
  ],
  calls: [{ subTask: 'q1', tool: 'capital', arguments: { country: 'France' }, answer: 'Paris' }],
};

/** A verifier that passes once the code mentions Paris; it records the code it saw. */
class CodeVerifier implements ToolVerifierPort {
  readonly codes: string[] = [];
  async verify(content: EnvironmentContentInput): Promise<EnvVerification> {
    const code = content.tools[0]?.code ?? '';
    this.codes.push(code);
    const passed = code.includes('Paris');
    return {
      passed,
      checks: [{ tool: 'capital', check: 'answers', passed, subTask: 'q1', detail: passed ? undefined : 'output "Lyon" lacks "Paris"' }],
      checkedAt: 'now',
    };
  }
}

function context(fixes: string[], verifier: ToolVerifierPort, attempts = 3): { ctx: RepairContext; prompts: string[] } {
  const prompts: string[] = [];
  const structured = async (_role: string, _schema: unknown, request: { messages: { content: string }[] }) => {
    prompts.push(request.messages.map((m) => m.content).join('\n'));
    return { value: { code: fixes.shift() ?? 'def capital(country=None):\n    return "Lyon"' }, attempts: 1 };
  };
  const steps = new LlmSteps({ structured } as unknown as LlmClient, {});
  const content = (draft: DraftEnv) =>
    ({ tools: draft.tools.map((t) => ({ name: t.doc.name, code: t.code })), subTasks: [] }) as unknown as EnvironmentContentInput;
  return { ctx: { steps, verifier, attempts, language: 'en', domain: 'geo', content }, prompts };
}

describe('verifyWithRepair', () => {
  it('sends failing code back with the failure detail and passes once the sandbox does', async () => {
    const verifier = new CodeVerifier();
    const { ctx, prompts } = context(['def capital(country=None):\n    return "Paris"'], verifier);
    const result = await verifyWithRepair(ctx, env);
    expect(result.ok).toBe(true);
    expect(verifier.codes).toHaveLength(2);
    expect(prompts[0]).toContain('answers (sub-task q1): output "Lyon" lacks "Paris"');
    expect(prompts[0]).toContain('return "Lyon"');
  });

  it('is a recorded failure after the configured attempts, never a pass', async () => {
    const verifier = new CodeVerifier();
    const { ctx, prompts } = context([], verifier, 2);
    const result = await verifyWithRepair(ctx, env);
    expect(result).toEqual({
      ok: false,
      reason:
        'tool-repair: tool code still failed its sandbox checks after 2 attempt(s): capital: answers (sub-task q1): output "Lyon" lacks "Paris"',
    });
    expect(verifier.codes).toHaveLength(2);
    expect(prompts).toHaveLength(1);
  });

  it("tells the model when tools rebind each other's module names, only when the verification failed", async () => {
    const capital = env.tools[0]!;
    const shared: DraftEnv = {
      tools: [
        { ...capital, code: 'DATA = {"France": "Lyon"}\ndef capital(country=None):\n    return DATA[country]' },
        { ...capital, doc: { ...capital.doc, name: 'city' }, code: 'DATA = {"Paris": 1}\ndef city(name=None):\n    return DATA[name]' },
      ],
      calls: env.calls,
    };
    const { ctx, prompts } = context(
      ['def capital(country=None):\n    return "Paris"', 'CITIES = {"Paris": 1}\ndef city(name=None):\n    return CITIES[name]'],
      new CodeVerifier(),
    );
    expect((await verifyWithRepair(ctx, shared)).ok).toBe(true);
    expect(prompts).toHaveLength(2); // both tools are told, each naming the other
    expect(prompts[0]).toContain('shared module name: "DATA" is also bound at module level by city');
    expect(prompts[1]).toContain('shared module name: "DATA" is also bound at module level by capital');
    expect(prompts[0]).toContain('answers (sub-task q1): output "Lyon" lacks "Paris"');

    const passing: ToolVerifierPort = { verify: async () => ({ passed: true, checks: [], checkedAt: 'now' }) };
    const quiet = context([], passing);
    expect((await verifyWithRepair(quiet.ctx, shared)).ok).toBe(true);
    expect(quiet.prompts).toHaveLength(0);
  });

  it('does not trust a verification that failed without naming a check', async () => {
    const verifier: ToolVerifierPort = { verify: async () => ({ passed: false, checks: [], checkedAt: 'now' }) };
    const { ctx } = context([], verifier);
    expect(await verifyWithRepair(ctx, env)).toMatchObject({ ok: false, reason: expect.stringContaining('named no failing check') });
  });
});
