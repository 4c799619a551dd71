import type { JudgeVerdict, TrajectoryRecord, TrajectorySynthJobReport } from '@astra/contracts';
import { renderJudgement, renderTrajectory, renderTrajectoryList, renderTrajectoryReport } from './trajectories-render';

const verdict: JudgeVerdict = {
  accepted: false,
  mode: 'model',
  model: 'judge-1',
  rules: [
    { rule: 'tools-exist', passed: true },
    { rule: 'results-used', passed: false, detail: 'call c2 was never used' },
  ],
  dimensions: [
    { dimension: 'query-understanding', status: 'scored', score: 1, reason: 'clear' },
    { dimension: 'final-answer', status: 'unknown', score: null, reason: 'the judge answer did not parse' },
  ],
  mean: null,
  reasons: ['rule results-used failed', 'final-answer unknown'],
  judgedAt: '2026-11-30T00:00:00.000Z',
};

const trajectory: TrajectoryRecord = {
  id: 'd'.repeat(32),
  jobId: 'traj-1',
  taskId: 'a'.repeat(64),
  executor: 'compiled',
  agent: { kind: 'oracle' },
  detours: ['redundant-call'],
  tools: [],
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Which airport serves the capital of France?' },
    {
      role: 'assistant',
      content: null,
      reasoning_content: 'First I need the capital.',
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'capital_of', arguments: '{"country":"France"}' } },
        { id: 'c2', type: 'function', function: { name: 'capital_of', arguments: 'not json' } },
      ],
    },
    { role: 'tool', tool_call_id: 'c1', content: '{"name":"Paris"}' },
    { role: 'tool', tool_call_id: 'c2', content: 'error' },
    { role: 'assistant', content: 'Paris is served by CDG.' },
  ],
  calls: [
    { id: 'c1', turn: 0, tool: 'capital_of', arguments: { country: 'France' }, status: 'ok', result: '{"name":"Paris"}', durationMs: 2 },
    { id: 'c2', turn: 0, tool: 'capital_of', arguments: null, status: 'invalid-arguments', result: 'x'.repeat(1000), durationMs: 0 },
  ],
  finalAnswer: 'Paris is served by CDG.',
  stop: 'answered',
  judgement: verdict,
  verdict: 'rejected',
  timings: { startedAt: '2026-11-30T00:00:00.000Z', wallMs: 12.4, modelMs: 0, toolMs: 2 },
};

describe('renderTrajectoryReport', () => {
  const report: TrajectorySynthJobReport = {
    jobId: 'traj-1',
    kind: 'trajectory-synthesis',
    status: 'completed',
    progress: { done: 4, total: 4 },
    attempts: 2,
    trajectories: {
      trajectories: 4,
      accepted: 3,
      rejected: 1,
      unjudged: 0,
      failed: 0,
      byExecutor: { compiled: 4 },
      byAgent: { oracle: 4 },
      callsPerTrajectory: 2.5,
    },
  };

  it('summarises what was made and accepted, and a resumed job', () => {
    const text = renderTrajectoryReport(report);
    expect(text).toContain('job traj-1: 4 trajectories made, 3 accepted, 1 rejected, 0 unjudged, 0 failed');
    expect(text).toContain('executors: compiled 4; agents: oracle 4');
    expect(text).toContain('2.5 calls per trajectory');
    expect(text).toContain('resumed after a restart');
    expect(renderTrajectoryReport({ ...report, kind: 'trajectory-judging' })).toContain('4 trajectories judged');
  });

  it('shows progress while there is no summary', () => {
    const { trajectories: _, ...running } = report;
    expect(renderTrajectoryReport({ ...running, status: 'running', progress: { done: 1, total: 4 } })).toBe(
      'job traj-1 (trajectory-synthesis): running, 1/4 trajectories',
    );
  });
});

describe('renderTrajectoryList', () => {
  it('prints a row per trajectory with its mean or a dash', () => {
    const row = { id: 'd'.repeat(32), jobId: 'traj-1', taskId: 'a'.repeat(64), executor: 'mcp' as const, agent: 'model' as const };
    const text = renderTrajectoryList([
      { ...row, verdict: 'accepted', stop: 'answered', calls: 3, mean: 0.857, createdAt: '' },
      { ...row, verdict: 'unjudged', stop: 'call-cap', calls: 20, mean: null, createdAt: '' },
    ]);
    expect(text).toMatch(/dddddddddddd +traj-1 +aaaaaaaaaaaa +mcp +model +answered +3 +0\.86 +accepted/);
    expect(text).toMatch(/call-cap +20 +- +unjudged/);
    expect(text.endsWith('2 trajectory(ies)')).toBe(true);
  });
});

describe('renderTrajectory', () => {
  const text = renderTrajectory(trajectory);

  it('shows the question and each turn with reasoning, calls, arguments and results', () => {
    expect(text).toContain('question: Which airport serves the capital of France?');
    expect(text).toContain('executor compiled, agent oracle, detours: redundant-call');
    expect(text).toContain('turn 0\n  reasoning: First I need the capital.');
    expect(text).toContain('    call capital_of(country="France") -> ok\n      {"name":"Paris"}');
    expect(text).toContain('    call capital_of(unparsed not json) -> invalid-arguments');
    expect(text).toContain('turn 1\n  assistant: Paris is served by CDG.');
    expect(text).toContain('final answer: Paris is served by CDG.');
  });

  it('cuts long results', () => {
    expect(text).toContain(`${'x'.repeat(239)}…`);
    expect(text).not.toContain('x'.repeat(241));
  });

  it('ends with rule checks, per-dimension scores and the verdict', () => {
    expect(text).toContain('judgement (model, judge-1):\n  pass tools-exist\n  FAIL results-used: call c2 was never used');
    expect(text).toMatch(/query-understanding +1\.00 {2}clear/);
    expect(text).toMatch(/final-answer +unknown {2}the judge answer did not parse/);
    expect(text).toContain('verdict: rejected\n  - rule results-used failed\n  - final-answer unknown');
  });

  it('says when a trajectory was not judged', () => {
    expect(renderTrajectory({ ...trajectory, judgement: undefined, verdict: 'unjudged' })).toContain('verdict: unjudged (not judged)');
  });
});

describe('renderJudgement', () => {
  it('says that rules mode scores no dimensions', () => {
    const rules = renderJudgement({ ...verdict, mode: 'rules', model: undefined, dimensions: [], accepted: true, reasons: [], mean: null });
    expect(rules).toEqual([
      'judgement (rules):',
      '  pass tools-exist',
      '  FAIL results-used: call c2 was never used',
      'dimensions: not scored (rules mode: no judge model configured)',
      'verdict: accepted',
    ]);
  });
});
