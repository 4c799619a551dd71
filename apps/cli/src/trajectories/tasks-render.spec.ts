import type { TaskRecord, TrajectorySynthJobReport } from '@astra/contracts';
import { renderTask, renderTaskList, renderTaskReport } from './tasks-render';

const report = (over: Partial<TrajectorySynthJobReport>): TrajectorySynthJobReport => ({
  jobId: 'tasks-1',
  kind: 'task-generation',
  status: 'completed',
  progress: { done: 10, total: 10 },
  attempts: 1,
  ...over,
});

const task: TaskRecord = {
  id: 'a'.repeat(64),
  jobId: 'tasks-1',
  question: 'Which airport serves the capital of France, and what is its IATA code?',
  language: 'en',
  source: { kind: 'chain', chainId: 'c'.repeat(64), server: 'aviation', tools: ['capital_of', 'airport_of'] },
  targetTools: ['capital_of', 'airport_of'],
  strategy: 'template',
  plan: {
    steps: [
      { id: 's1', tool: 'capital_of', arguments: { country: 'France' }, bindings: [], dependsOn: [], purpose: 'find the capital' },
      { id: 's2', tool: 'airport_of', arguments: {}, bindings: [{ argument: 'city', fromStep: 's1', path: 'name' }], dependsOn: ['s1'] },
    ],
    finalAnswer: 'CDG',
  },
  scores: { questionQuality: 0.75, scenarioRealism: 1, toolUseNecessity: 0.75, toolSelectionDifficulty: 0.5, uniqueness: 0.25 },
  accepted: false,
  rejectReason: 'uniqueness under 0.5',
  lineage: { seed: 3, inputs: [] },
  createdAt: '2026-11-30T00:00:00.000Z',
};

describe('renderTaskReport', () => {
  it('says what was generated, accepted and rejected by reason', () => {
    const text = renderTaskReport(
      report({
        tasks: {
          strategy: 'template',
          generated: 12,
          accepted: 8,
          rejected: 4,
          duplicates: 1,
          augmented: 2,
          rejections: { 'near-duplicate': 1, uniqueness: 3 },
        },
      }),
    );
    expect(text).toContain('job tasks-1 (template): 12 generated, 8 accepted, 4 rejected');
    expect(text).toContain('rejected by reason: near-duplicate 1, uniqueness 3');
    expect(text).toContain('near-duplicates removed: 1, augmented: 2');
  });

  it('shows progress and a failure while there is no summary', () => {
    expect(renderTaskReport(report({ kind: undefined, status: 'pending', progress: { done: 0, total: 0 } }))).toBe(
      'job tasks-1 (not started): pending, 0/0 tasks',
    );
    const failed = report({ status: 'failed', error: { code: 'NOT_FOUND', message: 'no environments in job x' } });
    expect(renderTaskReport(failed)).toContain('failed, 10/10 tasks: NOT_FOUND: no environments in job x');
  });
});

describe('renderTaskList', () => {
  it('prints a row per task with its verdict', () => {
    const base = { jobId: 'tasks-1', question: task.question, strategy: 'template' as const, createdAt: task.createdAt };
    const text = renderTaskList([
      {
        ...base,
        id: 'a'.repeat(64),
        accepted: false,
        rejectReason: 'uniqueness under 0.5',
        source: 'chain cccccccccccc',
        tools: 2,
        augmentation: 'persona',
      },
      { ...base, id: 'b'.repeat(64), accepted: true, source: 'environment eeee', tools: 3 },
    ]);
    expect(text).toContain('aaaaaaaaaaaa  tasks-1  template+persona  chain cccccccccccc');
    expect(text).toContain('rejected: uniqueness under 0.5');
    expect(text).toMatch(/bbbbbbbbbbbb .* accepted /);
    expect(text.endsWith('2 task(s)')).toBe(true);
  });
});

describe('renderTask', () => {
  it('shows the question, source, plan with bindings, scores and verdict', () => {
    const text = renderTask(task);
    expect(text).toContain(`question: ${task.question}`);
    expect(text).toContain('source chain cccccccccccc of aviation: capital_of → airport_of');
    expect(text).toContain('  s1: capital_of(country="France")');
    expect(text).toContain('      find the capital');
    expect(text).toContain('  s2: airport_of(city←s1.name) after s1');
    expect(text).toContain('expected answer: CDG');
    expect(text).toContain('scores: question 0.75, realism 1, necessity 0.75, difficulty 0.5, uniqueness 0.25');
    expect(text).toContain('verdict: rejected (uniqueness under 0.5)');
  });

  it('says when a task has no scores and names its augmentation', () => {
    const plain = renderTask({
      ...task,
      scores: undefined,
      plan: undefined,
      accepted: true,
      augmentation: { kind: 'persona', parentId: 'f'.repeat(64), persona: 'a travel agent' },
    });
    expect(plain).toContain('scores: none');
    expect(plain).toContain('verdict: accepted');
    expect(plain).toContain('persona of ffffffffffff (a travel agent)');
    expect(plain).not.toContain('plan (');
  });
});
