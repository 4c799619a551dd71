import 'reflect-metadata';
import type { EnvCompilerJobReport } from '@astra/contracts';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import type { NatsBus } from '@astra/platform/bus';
import { createTestDatabases } from '@astra/platform/database';
import { LlmTestServer } from '@astra/testing';
import { EnvCompilerStack } from './support/env-compiler-stack';
import { CAPITAL_QUESTION, code, json, promptsOf, QA_RULES, step, TOOL_RULES } from './support/llm-strategy.fixtures';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(180_000);

/** ASTRA_LLM_CONFIG_JSON with the four chat roles on the scripted server, a model name of their own for each kind. */
function llmConfigJson(server: LlmTestServer): string {
  const role = (model: string) => ({
    endpoints: [{ baseUrl: server.baseUrl }],
    model,
    params: { temperature: 0 },
    retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  return JSON.stringify({
    roles: {
      qa_generator: role('gen-model'),
      qa_verifier: role('judge-model'),
      tool_writer: role('coder-model'),
      tool_merger: role('coder-model'),
    },
  });
}

// The scripted coder first writes both lookups over a module-level DATA (as models often do); the sandbox loads an
// environment's tools into one module, so the second table replaces the first and get_capital misses France. Told
// why, the model renames its tables.
const OWN_TABLES = step('tool-repair', [
  json({ code: code('get_capital', 'country', { France: 'Paris', Germany: 'Berlin' }).code.replaceAll('DATA', 'CAPITALS') }),
  json({ code: code('get_city_population', 'city', { Paris: '2102650', Berlin: '3878100' }).code.replaceAll('DATA', 'POPULATIONS') }),
]);

// Code a model might write that the real sandbox must refuse: a lookup that crashes with KeyError on bad input (not a
// clear refusal), and one that answers every city with the same wrong number.
const CRASHING_CAPITAL = {
  code: 'DATA = {"France": "Paris", "Germany": "Berlin"}\n\ndef get_capital(country=None):\n    return {"country": country, "value": DATA[country]}\n',
};
const WRONG_POPULATION = {
  code:
    'def get_city_population(city=None):\n    if not isinstance(city, str):\n        raise ValueError("city must be a string")\n' +
    '    return {"city": city, "value": "1000000"}\n',
};
const NEVER_PASSING_RULES = [
  ...QA_RULES,
  ...TOOL_RULES.map((rule) => (rule.name === 'tool-code' ? step('tool-code', [json(CRASHING_CAPITAL), json(WRONG_POPULATION)]) : rule)),
  // Two repair rounds (3 attempts), each asking for get_capital then get_city_population: the model sends the same code back.
  step('tool-repair', [json(CRASHING_CAPITAL), json(WRONG_POPULATION), json(CRASHING_CAPITAL), json(WRONG_POPULATION)]),
];

describe.each(createTestDatabases({ service: 'env-compiler', entities: ENV_COMPILER_ENTITIES, migrations: ENV_COMPILER_MIGRATIONS }))(
  'env-compiler llm synthesis: scripted models, the real verifier over NATS, on $name',
  (db) => {
    const stack = new EnvCompilerStack(db);
    const server = new LlmTestServer();
    let cli: NatsBus;
    const finished = (jobId: string) => stack.finished(jobId, 150_000);

    beforeAll(async () => {
      await server.start(0);
      await stack.start({ ENV_CHECK_TIME_MS: '2000', ENV_LLM_CODE_ATTEMPTS: '3', ASTRA_LLM_CONFIG_JSON: llmConfigJson(server) });
      ({ cli } = stack);
    });

    afterAll(async () => {
      await stack.stop();
      await server.stop();
    });

    async function synthesize(jobId: string): Promise<EnvCompilerJobReport> {
      await cli.publish(
        'env-compiler.synthesis.requested',
        { jobId, strategy: 'auto', count: 1, seed: 7, questions: [CAPITAL_QUESTION] },
        { id: jobId },
      );
      return finished(jobId);
    }

    it("'auto' runs the llm strategy and publishes an environment whose model-written tools, once repaired, passed every sandbox check", async () => {
      server.setRules([...QA_RULES, ...TOOL_RULES, OWN_TABLES, step('tool-grouping', json({ groups: [] }))]);
      server.resetStats();
      const report = await synthesize('llm-good');
      expect(report).toMatchObject({ kind: 'env-synthesis', status: 'completed', progress: { done: 1, total: 1 } });
      expect(report.synthesis).toMatchObject({ strategy: 'llm', units: 1, published: 1, failed: 0, existing: 0, failures: [] });
      expect(promptsOf(server, 'qa-generation')).toHaveLength(3);
      expect(promptsOf(server, 'tool-code')).toHaveLength(2);
      const repairs = promptsOf(server, 'tool-repair');
      expect(repairs).toHaveLength(2);
      expect(repairs[0]).toContain('shared module name: "DATA" is also bound at module level by get_city_population');
      expect(repairs[0]).toContain('expected "Paris"; got error (ValueError: unknown country: France)');
      expect(repairs[1]).toContain('shared module name: "DATA" is also bound at module level by get_capital');

      const listed = await cli.request('env-compiler.environment.list', { jobId: 'llm-good', limit: 10 });
      expect(listed.environments).toHaveLength(1);
      expect(listed.environments[0]).toMatchObject({
        strategy: 'llm',
        scenarioType: 'multi-hop',
        tools: 2,
        subTasks: 2,
        hops: 2,
        passed: true,
      });
      const { environment } = await cli.request('env-compiler.environment.show', { id: listed.environments[0]!.id });
      expect(environment.prompt).toBe(CAPITAL_QUESTION.question);
      expect(environment.lineage).toMatchObject({ strategy: 'llm', model: 'gen-model,judge-model,coder-model', seed: expect.any(Number) });
      expect(environment.tools.map((t) => [t.name, t.language, t.code.includes('DATA')])).toEqual([
        ['get_capital', 'python', false],
        ['get_city_population', 'python', false],
      ]);
      expect(environment.subTasks.map((s) => [s.id, s.hop, s.call?.tool, s.call?.arguments])).toEqual([
        ['q1', 1, 'get_capital', { country: 'France' }],
        ['q2', 2, 'get_city_population', { city: 'Paris' }],
      ]);

      const { verification } = environment;
      expect(verification.passed).toBe(true);
      // The best of the three candidates (0.72, 0.95, 0.8) was kept, and its four scores are stored with the checks.
      expect(verification.scores).toEqual({
        dependencyConsistency: 0.95,
        atomicity: 0.95,
        noForcedSerialization: 0.95,
        completeness: 0.95,
      });
      const checks = verification.checks.map((c) => `${c.tool} ${c.check}${c.subTask ? ` ${c.subTask}` : ''} ${c.passed}`).sort();
      expect(checks).toEqual([
        'get_capital answers q1 true',
        'get_capital deterministic q1 true',
        'get_capital loads true',
        'get_capital rejects-bad-input true',
        'get_capital rejects-bad-input true',
        'get_city_population answers q2 true',
        'get_city_population deterministic q2 true',
        'get_city_population loads true',
        'get_city_population rejects-bad-input true',
        'get_city_population rejects-bad-input true',
      ]);
      // The bad calls were refused by the tool's own ValueError in the sandbox, not by anything before it.
      const refusals = verification.checks.filter((c) => c.check === 'rejects-bad-input').map((c) => c.detail);
      expect(refusals.every((d) => d?.includes('ValueError'))).toBe(true);

      const tested = await cli.request('env-compiler.environment.test', { id: environment.id });
      expect(tested.verification.passed).toBe(true);
    });

    it('fails the unit and publishes nothing when the model never writes code that passes the real sandbox', async () => {
      server.setRules(NEVER_PASSING_RULES);
      server.resetStats();
      const before = (await cli.request('env-compiler.environment.list', { limit: 100 })).environments;
      const report = await synthesize('llm-bad');
      expect(report).toMatchObject({ kind: 'env-synthesis', status: 'completed', progress: { done: 1, total: 1 } });
      expect(report.synthesis).toMatchObject({ strategy: 'llm', units: 1, published: 0, failed: 1, existing: 0 });
      const reason = report.synthesis!.failures[0]?.reason ?? '';
      expect(reason).toMatch(/^tool-repair: tool code still failed its sandbox checks after 3 attempt\(s\)/);
      expect(reason).toMatch(/get_capital: rejects-bad-input: arguments \{\}: no clear error; got .*KeyError/);
      expect(reason).toMatch(/get_city_population: answers \(sub-task q2\): expected "2102650"; got .*1000000/);

      // Each repair prompt carried the real sandbox's failure detail back to the model.
      const repairs = promptsOf(server, 'tool-repair');
      expect(repairs).toHaveLength(4);
      expect(repairs[0]).toContain('KeyError');
      expect(repairs[1]).toContain('expected "2102650"');

      expect((await cli.request('env-compiler.environment.list', { jobId: 'llm-bad', limit: 10 })).environments).toEqual([]);
      expect((await cli.request('env-compiler.environment.list', { limit: 100 })).environments).toEqual(before);
    });
  },
);
