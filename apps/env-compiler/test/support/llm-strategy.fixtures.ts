import { EnvSynthesisRequestSchema, type EnvSynthesisRequest } from '@astra/contracts';
import { stepMarker } from '@astra/domain/environments';
import { LlmClient, parseLlmConfig } from '@astra/platform/llm';
import { LlmTestServer, type ScriptedReply, type ScriptedRule } from '@astra/testing';
import { EnvLlm } from '../../src/synthesis/env-llm';
import { LlmStrategy, type LlmStrategySettings } from '../../src/strategies/llm/llm-strategy';

export const SETTINGS: LlmStrategySettings = { ENV_LLM_KEPT_FRACTION: 0.34, ENV_LLM_MIN_QA_SCORE: 0.7, ENV_LLM_CODE_ATTEMPTS: 3 };

/** The strategy over the real LlmClient, talking HTTP to the scripted test server (all four roles on it). */
export function strategyFor(server: LlmTestServer, settings: LlmStrategySettings = SETTINGS): { strategy: LlmStrategy; client: LlmClient } {
  const role = (model: string) => ({
    endpoints: [{ baseUrl: server.baseUrl }],
    model,
    params: { temperature: 0 },
    retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  const config = parseLlmConfig({
    roles: {
      qa_generator: role('gen-model'),
      qa_verifier: role('judge-model'),
      tool_writer: role('coder-model'),
      tool_merger: role('coder-model'),
    },
    cache: { mode: 'off' },
  });
  const client = new LlmClient(config);
  return { strategy: new LlmStrategy(new EnvLlm(client), settings), client };
}

export function request(fields: Record<string, unknown>): EnvSynthesisRequest {
  return EnvSynthesisRequestSchema.parse({ jobId: 'job-llm-1', strategy: 'llm', count: 1, ...fields });
}

export const json = (value: unknown): ScriptedReply => ({ content: JSON.stringify(value) });

/** A rule answering one step (by its prompt marker); an array is served in order, the last one repeating. */
export function step(name: string, reply: ScriptedReply | ScriptedReply[]): ScriptedRule {
  return { name, match: { role: 'system', contains: stepMarker(name) }, reply };
}

/** User prompts the server received for one step, in order. */
export function promptsOf(server: LlmTestServer, name: string): string[] {
  return server.requests
    .map((r) => r.body['messages'] as { role: string; content: string }[])
    .filter((messages) => messages.some((m) => m.role === 'system' && m.content.includes(stepMarker(name))))
    .map((messages) => messages.map((m) => m.content).join('\n'));
}

export const CAPITAL_QUESTION = { question: 'What is the population of the capital of France?', domain: 'geography' };

export const CHAIN = {
  finalAnswer: '2102650',
  subQuestions: [
    { id: 'q1', question: 'What is the capital of France?', answer: 'Paris', dependsOn: [] },
    { id: 'q2', question: 'What is the population of Paris?', answer: '2102650', dependsOn: ['q1'] },
  ],
};

export const ALL_TOOLS = {
  steps: [
    { id: 'q1', toolNecessity: true, reason: 'lookup' },
    { id: 'q2', toolNecessity: true, reason: 'lookup' },
  ],
};

export const scores = (value: number) => ({
  dependencyConsistency: { score: value, reason: 'ok' },
  atomicity: { score: value, reason: 'ok' },
  noForcedSerialization: { score: value, reason: 'ok' },
  completeness: { score: value, reason: 'ok' },
});

export const doc = (name: string, param: string) => ({
  name,
  description: `Looks up ${param}`,
  parameters: { type: 'object', properties: { [param]: { type: 'string', description: param } }, required: [param] },
});

export const code = (name: string, param: string, data: Record<string, string>) => ({
  code:
    `DATA = ${JSON.stringify(data)}\n\ndef ${name}(${param}=None):\n` +
    `    if not isinstance(${param}, str):\n        raise ValueError("${param} must be a string")\n` +
    `    if ${param} not in DATA:\n        raise ValueError("unknown ${param}: " + ${param})\n    return {"${param}": ${param}, "value": DATA[${param}]}\n`,
});

/** The QA stage of the happy path: three candidates, the second scoring best. */
export const QA_RULES: ScriptedRule[] = [
  step('qa-generation', json(CHAIN)),
  step('tool-necessity', json(ALL_TOOLS)),
  step('qa-verification', [json(scores(0.72)), json(scores(0.95)), json(scores(0.8))]),
];

/** Tool synthesis of the happy path: capital lookup, then population lookup. */
export const TOOL_RULES: ScriptedRule[] = [
  step('tool-document', [json(doc('get_capital', 'country')), json(doc('get_population', 'city'))]),
  step('complexity-scaling', [json(doc('get_capital', 'country')), json(doc('get_city_population', 'city'))]),
  step('call-statement', [json({ arguments: { country: 'France' } }), json({ arguments: { city: 'Paris' } })]),
  step('tool-code', [
    json(code('get_capital', 'country', { France: 'Paris', Germany: 'Berlin' })),
    json(code('get_city_population', 'city', { Paris: '2102650', Berlin: '3878100' })),
  ]),
];
