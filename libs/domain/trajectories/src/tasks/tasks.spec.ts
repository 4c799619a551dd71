import { TaskThresholdsSchema, type EnvironmentContent } from '@astra/contracts';
import { Xoshiro128 } from '@astra/domain/tool-graph';
import { applyBindings, buildChainPlan } from './chain-plan';
import { environmentPlan } from './environment-plan';
import { jaccard, NearDuplicateIndex, shingles } from './near-duplicate';
import { DEFAULT_PERSONAS, parsePersonas } from './personas';
import { TaskRatingsSchema, WrittenTaskSchema, scoresFromRatings, thresholdFailure } from './task-parsers';
import { augmentPrompt, chainTaskPrompt, scorePrompt, serverTaskPrompt } from './task-prompts';
import { serverLanguage } from './server-language';
import { templateQuestion } from './template-question';
import { mentionedToolNames } from './tool-names';
import { MEMORY_TOOLS } from './tasks.fixtures';

const names = MEMORY_TOOLS.map((t) => t.name);
const ratings = { question_quality: 5, scenario_realism: 4, tool_use_necessity: 3, tool_selection_difficulty: 2, uniqueness: 1 };

describe('task prompts', () => {
  it('never name a tool: every prompt describes capabilities only', () => {
    const prompts = [
      chainTaskPrompt(MEMORY_TOOLS, 'en'),
      serverTaskPrompt('memory', MEMORY_TOOLS, 'zh'),
      augmentPrompt('persona', 'Remember that Alice likes tea.', MEMORY_TOOLS, 'en', DEFAULT_PERSONAS[0]),
      scorePrompt('Remember that Alice likes tea.', MEMORY_TOOLS),
    ];
    for (const messages of prompts) for (const m of messages) expect(mentionedToolNames(m.content, names)).toEqual([]);
    expect(serverTaskPrompt('memory', MEMORY_TOOLS, 'zh')[0]?.content).toContain('Simplified Chinese');
    expect(augmentPrompt('persona', 'q', MEMORY_TOOLS, 'en', 'a nurse')[1]?.content).toContain('a nurse');
  });

  it('finds tool names written as identifiers or spaced, not ordinary words', () => {
    expect(mentionedToolNames('Please call create_entities for me', names)).toEqual(['create_entities']);
    expect(mentionedToolNames('then use open nodes', names)).toEqual(['open_nodes']);
    expect(mentionedToolNames('Create two entities and open the notes', names)).toEqual([]);
  });
});

describe('task parsers', () => {
  it('refuse garbage, out-of-range and fractional ratings, and empty questions', () => {
    expect(TaskRatingsSchema.safeParse({ ...ratings, uniqueness: 6 }).success).toBe(false);
    expect(TaskRatingsSchema.safeParse({ ...ratings, uniqueness: 2.5 }).success).toBe(false);
    expect(TaskRatingsSchema.safeParse({ question_quality: 'high' }).success).toBe(false);
    expect(TaskRatingsSchema.safeParse('five').success).toBe(false);
    expect(WrittenTaskSchema.safeParse({ question: '  ' }).success).toBe(false);
    expect(TaskRatingsSchema.safeParse(ratings).success).toBe(true);
  });

  it('map 1-5 to 0..1 and the thresholds filter', () => {
    const scores = scoresFromRatings(TaskRatingsSchema.parse(ratings));
    expect(scores).toEqual({
      questionQuality: 1,
      scenarioRealism: 0.75,
      toolUseNecessity: 0.5,
      toolSelectionDifficulty: 0.25,
      uniqueness: 0,
    });
    expect(thresholdFailure(scores, TaskThresholdsSchema.parse({}))).toBe('uniqueness');
    expect(thresholdFailure(scores, TaskThresholdsSchema.parse({ uniqueness: 0, toolUseNecessity: 0.75 }))).toBe('toolUseNecessity');
    expect(thresholdFailure(scores, TaskThresholdsSchema.parse({ uniqueness: 0 }))).toBeUndefined();
  });
});

describe('near-duplicates', () => {
  it('rejects a reworded copy and keeps a different task', () => {
    const index = new NearDuplicateIndex();
    const a = 'Record that Alice Moreno is a person who prefers morning meetings, then add that she lives in Lisbon and show me her entry.';
    expect(index.offer(a)).toBe(true);
    expect(index.offer(`${a} Thanks!`)).toBe(false);
    expect(index.offer('Find every note about the garden budget and list the entities that mention invoices from March.')).toBe(true);
    expect(index.size).toBe(2);
    expect(jaccard(shingles('a b c d'), shingles('a b c d'))).toBe(1);
  });
});

describe('personas', () => {
  it('ships about ten and reads a file one a line', () => {
    expect(DEFAULT_PERSONAS.length).toBeGreaterThanOrEqual(8);
    expect(parsePersonas('# comment\n a chef \n\nan astronaut\n')).toEqual(['a chef', 'an astronaut']);
  });
});

describe('template plans', () => {
  it('bind a memory chain: later steps take the entity name the first step created', () => {
    const built = buildChainPlan(MEMORY_TOOLS, ['create_entities', 'add_observations', 'open_nodes'], new Xoshiro128(7));
    if (!built.ok) throw new Error(built.reason);
    const [create, add, open] = built.plan.steps;
    expect(create?.bindings).toEqual([]);
    expect(create?.arguments['entities']).toEqual([
      { name: expect.any(String), entityType: expect.any(String), observations: [expect.any(String)] },
    ]);
    expect(add?.bindings).toEqual([{ argument: 'observations.0.entityName', fromStep: 's1', path: 'entities.0.name' }]);
    // The closest earlier step that hands on the entity's name wins.
    expect(open?.bindings).toEqual([{ argument: 'names.0', fromStep: 's2', path: 'results.0.entityName' }]);
    expect(open?.dependsOn).toEqual(['s2']);
    const applied = applyBindings(add?.arguments ?? {}, add?.bindings ?? [], new Map([['s1', { entities: [{ name: 'Zed' }] }]]));
    expect(applied).toEqual({ ok: true, arguments: { observations: [{ entityName: 'Zed', contents: [expect.any(String)] }] } });
    expect(applyBindings({}, add?.bindings ?? [], new Map()).ok).toBe(false);

    const question = templateQuestion(MEMORY_TOOLS, built.plan, 'en');
    expect(mentionedToolNames(question, names)).toEqual([]);
    expect(question).toContain('create multiple new entities');
  });

  it('are the same for the same seed', () => {
    const a = buildChainPlan(MEMORY_TOOLS, ['create_entities', 'open_nodes'], new Xoshiro128(3));
    const b = buildChainPlan(MEMORY_TOOLS, ['create_entities', 'open_nodes'], new Xoshiro128(3));
    expect(a).toEqual(b);
  });

  it('refuse an identifier no earlier step produces, and an unknown tool', () => {
    expect(buildChainPlan(MEMORY_TOOLS, ['create_entities', 'get_issue'], new Xoshiro128(1))).toEqual({
      ok: false,
      reason: 'step 2 (get_issue): identifier "issue_id" has no earlier output field to bind',
    });
    expect(buildChainPlan(MEMORY_TOOLS, ['nope'], new Xoshiro128(1)).ok).toBe(false);
  });

  it("take an environment's decomposition: calls, the DAG through tool-free steps, the final answer", () => {
    const env: Pick<EnvironmentContent, 'subTasks' | 'finalAnswer'> = {
      finalAnswer: '2.1 million',
      subTasks: [
        {
          id: 'q1',
          question: 'Capital of France?',
          answer: 'Paris',
          dependsOn: [],
          hop: 1,
          toolNecessity: true,
          call: { tool: 'get_capital', arguments: { country: 'France' } },
        },
        { id: 'q2', question: 'Which city is it?', answer: 'Paris', dependsOn: ['q1'], hop: 2, toolNecessity: false },
        {
          id: 'q3',
          question: 'Population?',
          answer: '2.1 million',
          dependsOn: ['q2'],
          hop: 3,
          toolNecessity: true,
          call: { tool: 'get_city_population', arguments: { city: 'Paris' } },
        },
      ],
    };
    expect(environmentPlan(env)).toEqual({
      finalAnswer: '2.1 million',
      steps: [
        {
          id: 'q1',
          tool: 'get_capital',
          arguments: { country: 'France' },
          bindings: [],
          dependsOn: [],
          purpose: 'Capital of France?',
          expected: 'Paris',
        },
        {
          id: 'q3',
          tool: 'get_city_population',
          arguments: { city: 'Paris' },
          bindings: [],
          dependsOn: ['q1'],
          purpose: 'Population?',
          expected: '2.1 million',
        },
      ],
    });
    expect(
      environmentPlan({
        finalAnswer: 'x',
        subTasks: [{ id: 'a', question: 'q', answer: 'x', dependsOn: [], hop: 1, toolNecessity: false }],
      }),
    ).toBeUndefined();
  });
});

describe('serverLanguage', () => {
  const tool = (description: string, parameter = '') => ({
    name: 'search_flights',
    description,
    parameters: { type: 'object', properties: { from: { type: 'string', description: parameter } } },
  });

  it('reads Chinese descriptions as zh, even with Latin identifiers and units in them', () => {
    expect(serverLanguage([tool('查询两个城市之间的航班，返回 JSON 列表（含 flight_no 和 price_usd）', '出发城市的 IATA 代码')])).toBe(
      'zh',
    );
  });

  it('reads English, a stray Chinese word, and tools that describe nothing as en', () => {
    expect(serverLanguage([tool('Search flights between two cities', 'IATA code of the departure city')])).toBe('en');
    expect(serverLanguage([tool('Translate a phrase such as 你好 into English and return the translation with notes')])).toBe('en');
    expect(serverLanguage([tool('')])).toBe('en');
    expect(serverLanguage([])).toBe('en');
  });

  it('counts parameter descriptions, not tool or parameter names', () => {
    expect(serverLanguage([{ ...tool(''), name: '查询' }])).toBe('en');
    expect(serverLanguage([tool('', '出发城市')])).toBe('zh');
  });
});
