import { legitimacyProblem, meanQaScore, qaScores, QaVerificationSchema, toolNecessitySchema } from './qa-verification.prompt';
import { buildQaVerificationPrompt, buildToolNecessityPrompt } from './qa-verification.prompt';

const decomposition = {
  finalAnswer: 'Berlin',
  subQuestions: [
    { id: 'q1', question: 'Population of Paris?', answer: '2102650', dependsOn: [] },
    { id: 'q2', question: 'Population of Berlin?', answer: '3878100', dependsOn: [] },
    { id: 'q3', question: 'Which is larger?', answer: 'Berlin', dependsOn: ['q1', 'q2'] },
  ],
};
const verdict = (id: string, toolNecessity: boolean) => ({ id, toolNecessity, reason: 'r' });

describe('tool necessity', () => {
  it('wants exactly one verdict per sub-question id', () => {
    const schema = toolNecessitySchema(['q1', 'q2', 'q3']);
    expect(schema.safeParse({ steps: [verdict('q1', true), verdict('q2', true), verdict('q3', false)] }).success).toBe(true);
    const bad = schema.safeParse({ steps: [verdict('q1', true), verdict('q1', true), verdict('q9', true)] });
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      '"q1" is judged twice',
      '"q9" is not a sub-question id',
      'no verdict for q2, q3',
    ]);
  });

  it('allows tool-free steps only at leaves, and needs at least one tool', () => {
    expect(legitimacyProblem(decomposition, { steps: [verdict('q1', true), verdict('q2', true), verdict('q3', false)] })).toBeUndefined();
    expect(legitimacyProblem(decomposition, { steps: [verdict('q1', false), verdict('q2', true), verdict('q3', true)] })).toBe(
      'tool-free step(s) q1 have sub-questions depending on them; tool-free steps are legitimate only at leaves',
    );
    const none = { steps: [verdict('q1', false), verdict('q2', false), verdict('q3', false)] };
    expect(
      legitimacyProblem({ ...decomposition, subQuestions: decomposition.subQuestions.map((s) => ({ ...s, dependsOn: [] })) }, none),
    ).toMatch(/no sub-question needs a tool/);
  });

  it('spells out the legitimacy rule in both languages', () => {
    const review = { language: 'en' as const, question: 'Which city is larger?', decomposition };
    expect(buildToolNecessityPrompt(review)[1]?.content).toContain('legitimate only where no other sub-question depends on it');
    expect(buildToolNecessityPrompt({ ...review, language: 'zh' })[1]?.content).toContain('只有没有其他子问题依赖的步骤才可以不用工具');
  });
});

describe('QA verification', () => {
  const dim = (score: number) => ({ score, reason: 'r' });

  it('scores the four dimensions 0..1 and refuses anything else', () => {
    const answer = { dependencyConsistency: dim(1), atomicity: dim(0.5), noForcedSerialization: dim(0.75), completeness: dim(0.75) };
    const parsed = QaVerificationSchema.parse(answer);
    expect(meanQaScore(qaScores(parsed))).toBe(0.75);
    expect(QaVerificationSchema.safeParse({ ...answer, atomicity: dim(1.5) }).success).toBe(false);
    expect(QaVerificationSchema.safeParse({ ...answer, completeness: undefined }).success).toBe(false);
  });

  it('names the four dimensions in the prompt', () => {
    const prompt = buildQaVerificationPrompt({ language: 'en', question: 'Which city is larger?', decomposition })[1]?.content ?? '';
    for (const name of ['dependencyConsistency', 'atomicity', 'noForcedSerialization', 'completeness'])
      expect(prompt).toContain(`- ${name}:`);
  });
});
