import { EnvironmentContentSchema, contentHash } from '@astra/contracts';
import { LlmTestServer } from '@astra/testing';
import { EnvLlm } from '../src/synthesis/env-llm';
import { LlmStrategy } from '../src/strategies/llm/llm-strategy';
import { FakeToolVerifier } from './support/fake-tool-verifier';
import {
  ALL_TOOLS,
  CAPITAL_QUESTION,
  CHAIN,
  code,
  doc,
  json,
  promptsOf,
  QA_RULES,
  request,
  scores,
  SETTINGS,
  step,
  strategyFor,
  TOOL_RULES,
} from './support/llm-strategy.fixtures';

// The llm strategy through the real LlmClient over HTTP against the scripted LLM test server; the sandbox is faked.
describe('LlmStrategy against the LLM test server', () => {
  const server = new LlmTestServer();
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    await server.start(0);
  });
  afterEach(async () => {
    await close?.();
    server.setRules([]);
    server.resetStats();
  });
  afterAll(async () => {
    await server.stop();
  });

  function strategy(settings = SETTINGS): LlmStrategy {
    const made = strategyFor(server, settings);
    close = () => made.client.close();
    return made.strategy;
  }
  const chainRequest = request({ questions: [CAPITAL_QUESTION], hops: { min: 2, max: 2 } });
  const unit = (req = chainRequest) => ({ index: 0, seed: 11, request: req });
  const noMerge = step('tool-grouping', json({ groups: [] }));

  it('makes a valid, verified environment from a question, keeping the best-scored of three candidates', async () => {
    server.setRules([...QA_RULES, ...TOOL_RULES, noMerge]);
    const verifier = new FakeToolVerifier();
    const outcome = await strategy().draft(unit(), verifier);
    if (!outcome.ok) throw new Error(outcome.reason);
    const content = EnvironmentContentSchema.parse(outcome.content);
    expect(content.scenarioType).toBe('multi-hop');
    expect(content.prompt).toBe(CAPITAL_QUESTION.question);
    expect(content.subTasks.map((s) => [s.id, s.hop, s.toolNecessity, s.call?.tool])).toEqual([
      ['q1', 1, true, 'get_capital'],
      ['q2', 2, true, 'get_city_population'],
    ]);
    expect(content.tools.map((t) => t.name)).toEqual(['get_capital', 'get_city_population']);
    expect(content.tools[0]?.badCalls).toEqual([{}, { country: 12345 }]);
    expect(content.lineage).toEqual({
      strategy: 'llm',
      inputs: [contentHash({ question: CAPITAL_QUESTION.question, domain: 'geography' })],
      model: 'gen-model,judge-model,coder-model',
      seed: 11,
      template: contentHash({ question: CAPITAL_QUESTION.question }),
      entities: [],
    });
    expect(outcome.scores?.atomicity).toBe(0.95);
    expect(verifier.seen).toHaveLength(1);
    expect(promptsOf(server, 'qa-generation')).toHaveLength(3);
    expect(promptsOf(server, 'qa-verification')).toHaveLength(3);
  });

  it('names the four scenario types and the requested hop budget in the generation prompt', async () => {
    server.setRules([...QA_RULES, ...TOOL_RULES, noMerge]);
    await strategy().draft(
      unit(request({ domains: [{ domain: 'astronomy', knowledgeCorpus: 'Mars has two moons.' }], hops: { min: 2, max: 3 } })),
      new FakeToolVerifier(),
    );
    const prompt = promptsOf(server, 'qa-generation')[0] ?? '';
    for (const type of ['Single-Hop', 'Parallel Single-Hop', 'Multi-Hop', 'Parallel Multi-Hop']) expect(prompt).toContain(type);
    expect(prompt).toContain('hop 2 to 3');
    expect(prompt).toContain('Mars has two moons.');
  });

  it('records garbage answers as a failure naming the step, after the repair turn and a second ask', async () => {
    server.setRules([step('qa-generation', { content: 'Sure! Here is a great decomposition for you.' })]);
    const outcome = await strategy().draft(unit(), new FakeToolVerifier());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toMatch(/candidate 1: qa-generation: no valid answer after 2 asks/);
    expect(outcome.reason).toContain('candidate 3');
    expect(promptsOf(server, 'qa-generation')).toHaveLength(12); // 3 candidates x 2 asks x (answer + repair turn)
  });

  it('repairs truncated JSON through the repair turn, and fails when it stays truncated', async () => {
    const truncated = { content: '{"finalAnswer": "2102650", "subQuestions": [{"id": "q1", "question": "What is the cap' };
    server.setRules([step('qa-generation', [truncated, json(CHAIN)]), ...QA_RULES.slice(1), ...TOOL_RULES, noMerge]);
    const repaired = await strategy().draft(unit(), new FakeToolVerifier());
    expect(repaired.ok).toBe(true);
    expect(promptsOf(server, 'qa-generation')[1]).toContain('Your previous answer could not be used');

    server.setRules([step('qa-generation', truncated)]);
    const failed = await strategy().draft(unit(), new FakeToolVerifier());
    expect(failed).toMatchObject({ ok: false, reason: expect.stringContaining('no JSON value found') });
  });

  it('treats a dependency on an unknown id as an invalid answer and tells the model why', async () => {
    const wrong = { ...CHAIN, subQuestions: [CHAIN.subQuestions[0], { ...CHAIN.subQuestions[1], dependsOn: ['q9'] }] };
    server.setRules([step('qa-generation', json(wrong))]);
    const outcome = await strategy().draft(unit(), new FakeToolVerifier());
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"q2" depends on "q9", which is not the id of any sub-question'),
    });
    expect(promptsOf(server, 'qa-generation')[1]).toContain('which is not the id of any sub-question');
    expect(promptsOf(server, 'tool-necessity')).toHaveLength(0);
  });

  it('rejects a decomposition whose tool-free step has a sub-question depending on it', async () => {
    const q1Free = { steps: [{ id: 'q1', toolNecessity: false, reason: 'common knowledge' }, ALL_TOOLS.steps[1]] };
    server.setRules([step('qa-generation', json(CHAIN)), step('tool-necessity', json(q1Free)), step('qa-verification', json(scores(1)))]);
    const outcome = await strategy().draft(unit(), new FakeToolVerifier());
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining('tool-free steps are legitimate only at leaves') });
    expect(promptsOf(server, 'qa-verification')).toHaveLength(0);
  });

  it('filters out decompositions that score below the threshold', async () => {
    server.setRules([
      step('qa-generation', json(CHAIN)),
      step('tool-necessity', json(ALL_TOOLS)),
      step('qa-verification', [json(scores(0.4)), json(scores(0.69)), json(scores(0.5))]),
    ]);
    const outcome = await strategy().draft(unit(), new FakeToolVerifier());
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringContaining('scored 0.69, below the threshold 0.7') });
    expect(promptsOf(server, 'tool-document')).toHaveLength(0);
  });

  it('fails the unit when the model never writes passing code, after the configured attempts with the failure detail', async () => {
    const broken = { code: 'def get_capital(country=None):\n    return BROKEN(' };
    const population = code('get_city_population', 'city', { Paris: '2102650' });
    const tools = TOOL_RULES.map((rule) => (rule.name === 'tool-code' ? step('tool-code', [json(broken), json(population)]) : rule));
    const fixes = [step('tool-repair', json({ code: 'def get_capital(country=None):\n    return "no idea"' }))];
    server.setRules([...QA_RULES, ...tools, ...fixes]);
    const verifier = new FakeToolVerifier();
    const outcome = await strategy().draft(unit(), verifier);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toMatch(/^tool-repair: tool code still failed its sandbox checks after 3 attempt\(s\)/);
    expect(outcome.reason).toContain('expected answer "Paris"');
    expect(verifier.seen).toHaveLength(3);
    const repairs = promptsOf(server, 'tool-repair');
    expect(repairs.length).toBeGreaterThanOrEqual(2);
    expect(repairs[0]).toContain('SyntaxError: invalid syntax');
    expect(promptsOf(server, 'tool-grouping')).toHaveLength(0);
  });

  it('never gives a default score: a verifier answer that never parses rejects the candidate', async () => {
    server.setRules([
      step('qa-generation', json(CHAIN)),
      step('tool-necessity', json(ALL_TOOLS)),
      step('qa-verification', { content: '{"atomicity": "high"}' }),
    ]);
    const outcome = await strategy().draft(unit(), new FakeToolVerifier());
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringContaining('candidate 1: qa-verification: no valid answer after 2 asks'),
    });
    expect(promptsOf(server, 'tool-document')).toHaveLength(0);
  });

  it('records a merging answer that never parses as a failure of the unit, naming the step', async () => {
    server.setRules([
      ...QA_RULES,
      ...TOOL_RULES,
      step('tool-grouping', json({ groups: [{ tools: ['get_capital', 'nope'], intent: 'x' }] })),
    ]);
    const outcome = await strategy().draft(unit(), new FakeToolVerifier());
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/^tool-grouping: .*"nope" is not one of the tools/) });
  });

  it('refuses to plan without a model', async () => {
    const bare = new LlmStrategy(new EnvLlm(null), SETTINGS);
    await expect(bare.plan(chainRequest)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('needs a model'),
    });
    expect(await strategy().plan(request({ questions: [CAPITAL_QUESTION], count: 5 }))).toBe(5);
  });

  it('uses the request language in every prompt', async () => {
    server.setRules([...QA_RULES, ...TOOL_RULES, noMerge]);
    await strategy().draft(
      unit(request({ questions: [CAPITAL_QUESTION], hops: { min: 2, max: 2 }, language: 'zh' })),
      new FakeToolVerifier(),
    );
    for (const name of ['qa-generation', 'tool-necessity', 'qa-verification', 'tool-document', 'tool-code']) {
      expect(promptsOf(server, name)[0]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  describe('same-intent merging', () => {
    const compare = {
      finalAnswer: 'Berlin',
      subQuestions: [
        { id: 'q1', question: 'What is the population of Paris?', answer: '2102650', dependsOn: [] },
        { id: 'q2', question: 'What is the population of Berlin?', answer: '3878100', dependsOn: [] },
        { id: 'q3', question: 'Which of the two is larger?', answer: 'Berlin', dependsOn: ['q1', 'q2'] },
      ],
    };
    const necessity = {
      steps: [
        { id: 'q1', toolNecessity: true, reason: 'lookup' },
        { id: 'q2', toolNecessity: true, reason: 'lookup' },
        { id: 'q3', toolNecessity: false, reason: 'comparison of earlier answers' },
      ],
    };
    const cityDoc = doc('get_city_population', 'city');
    const rules = [
      step('qa-generation', json(compare)),
      step('tool-necessity', json(necessity)),
      step('qa-verification', json(scores(0.9))),
      step('tool-document', json(cityDoc)),
      step('complexity-scaling', json(cityDoc)),
      step('call-statement', [json({ arguments: { city: 'Paris' } }), json({ arguments: { city: 'Berlin' } })]),
      step('tool-code', [
        json(code('get_city_population', 'city', { Paris: '2102650', Rome: '2755000' })),
        json(code('get_city_population_2', 'city', { Berlin: '3878100', Rome: '2755000' })),
      ]),
      step(
        'tool-grouping',
        json({ groups: [{ tools: ['get_city_population', 'get_city_population_2'], intent: 'population of a city' }] }),
      ),
    ];
    const merged = (data: Record<string, string>) => ({
      ...doc('city_population', 'city'),
      ...code('city_population', 'city', data),
      calls: [
        { subTask: 'q1', arguments: { city: 'Paris' } },
        { subTask: 'q2', arguments: { city: 'Berlin' } },
      ],
    });
    const compareRequest = request({
      questions: [{ question: 'Which city is larger, Paris or Berlin?', domain: 'geography' }],
      hops: { min: 2, max: 2 },
    });

    it('merges duplicate tools into one and re-verifies every member sub-task against it', async () => {
      server.setRules([...rules, step('tool-merge', json(merged({ Paris: '2102650', Berlin: '3878100' })))]);
      const verifier = new FakeToolVerifier();
      const outcome = await strategy().draft({ index: 1, seed: 3, request: compareRequest }, verifier);
      if (!outcome.ok) throw new Error(outcome.reason);
      const content = EnvironmentContentSchema.parse(outcome.content);
      expect(content.scenarioType).toBe('parallel-multi-hop');
      expect(content.tools.map((t) => [t.name, t.mergedFrom])).toEqual([
        ['city_population', ['get_city_population', 'get_city_population_2']],
      ]);
      expect(content.subTasks.map((s) => [s.id, s.toolNecessity, s.call?.tool])).toEqual([
        ['q1', true, 'city_population'],
        ['q2', true, 'city_population'],
        ['q3', false, undefined],
      ]);
      expect(verifier.seen).toHaveLength(2);
      expect(verifier.answeredBy(1, 'city_population')).toEqual(['q1', 'q2']);
    });

    it('keeps the members apart when the merged tool fails a member check after its repairs', async () => {
      const onlyParis = merged({ Paris: '2102650' });
      server.setRules([...rules, step('tool-merge', json(onlyParis)), step('tool-repair', json({ code: onlyParis.code }))]);
      const verifier = new FakeToolVerifier();
      const outcome = await strategy().draft({ index: 1, seed: 3, request: compareRequest }, verifier);
      if (!outcome.ok) throw new Error(outcome.reason);
      expect(outcome.content.tools.map((t) => t.name)).toEqual(['get_city_population', 'get_city_population_2']);
      expect(verifier.seen).toHaveLength(4);
      expect(promptsOf(server, 'tool-repair')[0]).toContain('expected answer "3878100"');
    });
  });
});
