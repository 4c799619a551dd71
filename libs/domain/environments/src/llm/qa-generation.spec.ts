import { buildQaGenerationPrompt, type QaGenerationInput } from './qa-generation.prompt';
import { qaGenerationSchema } from './qa-generation.schema';

const chain = {
  finalAnswer: '2102650',
  subQuestions: [
    { id: 'q1', question: 'Capital of France?', answer: 'Paris', dependsOn: [] },
    { id: 'q2', question: 'Population of Paris?', answer: '2102650', dependsOn: ['q1'] },
  ],
};
const issues = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('qaGenerationSchema', () => {
  it('accepts a DAG within the hop budget', () => {
    expect(qaGenerationSchema({ min: 2, max: 2 }, false).safeParse(chain).success).toBe(true);
  });

  it('refuses unknown dependency ids, cycles and depths outside the budget', () => {
    const wrong = { ...chain, subQuestions: [chain.subQuestions[0], { ...chain.subQuestions[1], dependsOn: ['q7'] }] };
    expect(issues(qaGenerationSchema({ min: 2, max: 2 }, false).safeParse(wrong))).toEqual([
      '"q2" depends on "q7", which is not the id of any sub-question',
    ]);
    const cycle = { ...chain, subQuestions: [{ ...chain.subQuestions[0], dependsOn: ['q2'] }, chain.subQuestions[1]] };
    expect(issues(qaGenerationSchema({ min: 1, max: 4 }, false).safeParse(cycle))[0]).toMatch(/cycle/);
    expect(issues(qaGenerationSchema({ min: 3, max: 4 }, false).safeParse(chain))[0]).toMatch(
      /hop 2, outside the requested hop budget of 3 to 4/,
    );
  });

  it('asks for the main question only in unconditional generation', () => {
    expect(qaGenerationSchema({ min: 2, max: 2 }, true).safeParse(chain).success).toBe(false);
    expect(
      qaGenerationSchema({ min: 2, max: 2 }, true).safeParse({ ...chain, question: 'How many live in France’s capital?' }).success,
    ).toBe(true);
  });
});

describe('buildQaGenerationPrompt', () => {
  const input: QaGenerationInput = {
    language: 'en',
    source: { kind: 'question', question: 'How many people live in the capital of France?', domain: 'geography' },
    hops: { min: 2, max: 3 },
    scenarioType: 'parallel-multi-hop',
    candidate: 2,
    candidates: 3,
  };
  const text = (i: QaGenerationInput) =>
    buildQaGenerationPrompt(i)
      .map((m) => m.content)
      .join('\n');

  it('names the four scenario types, the target type, the hop budget and the source question', () => {
    const prompt = text(input);
    for (const type of ['Single-Hop', 'Parallel Single-Hop', 'Multi-Hop', 'Parallel Multi-Hop']) expect(prompt).toContain(`- ${type}:`);
    expect(prompt).toContain('Target scenario type: Parallel Multi-Hop');
    expect(prompt).toContain('hop 2 to 3');
    expect(prompt).toContain(input.source.kind === 'question' ? input.source.question : '');
    expect(prompt).toContain('candidate 2 of 3');
    expect(buildQaGenerationPrompt(input)[0]?.content.startsWith('[astra-env:qa-generation]')).toBe(true);
    expect(text({ ...input, scenarioType: undefined })).toContain('Use the scenario type that fits the question. Hop budget');
  });

  it('generates from a domain and its corpus, and writes Chinese for zh', () => {
    const zh = text({ ...input, language: 'zh', source: { kind: 'domain', domain: '天文', knowledgeCorpus: '火星有两颗卫星。' } });
    expect(zh).toContain('四种场景类型');
    expect(zh).toContain('跳数须在 2 到 3 之间');
    expect(zh).toContain('火星有两颗卫星。');
    expect(zh).toContain('"question": "the main question"');
  });
});
