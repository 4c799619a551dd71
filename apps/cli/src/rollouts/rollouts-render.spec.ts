import type { EpisodeRecord, EpisodeSummary, GroupSummary, RolloutBrokerJobReport, RolloutBatchSummary } from '@astra/contracts';
import { batchJsonLines, renderBatchReport, renderEpisode, renderEpisodeList, renderRescores } from './rollouts-render';

const ENV = 'e'.repeat(64);

const summary: RolloutBatchSummary = {
  policyVersion: 'oracle',
  groupSize: 4,
  batchSize: 2,
  groups: [
    { id: 'b1:0', environmentId: ENV, mean: 0.5, std: 0.25 },
    { id: 'b1:1', environmentId: 'f'.repeat(64), mean: 0.75, std: 0.125 },
  ],
  generated: 3,
  dropped: 1,
  infrastructure: 0,
  carriedIn: 0,
  carriedOut: 0,
  episodes: 12,
  failedInfrastructure: 1,
  rewardMean: 0.6,
  rewardStd: 0.2,
  validRatio: 2 / 3,
  callsPerEpisode: 3.25,
  complete: true,
};

const report = (over: Partial<RolloutBrokerJobReport>): RolloutBrokerJobReport => ({
  jobId: 'b1',
  kind: 'rollout-batch',
  status: 'completed',
  progress: { done: 2, total: 2 },
  attempts: 1,
  ...over,
});

function episode(over: Partial<EpisodeRecord> = {}): EpisodeRecord {
  return {
    id: 'a'.repeat(32),
    jobId: 'b1',
    groupIndex: 0,
    sample: 1,
    environmentId: ENV,
    policy: { kind: 'oracle', version: 'oracle' },
    seed: 42,
    status: 'completed',
    stop: 'answered',
    tools: [],
    distractors: [{ name: 'airport_city', environmentId: 'f'.repeat(64), band: 'high' }],
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
    turns: [
      {
        index: 0,
        content: 'Let me look it up.',
        reasoning: null,
        callIds: ['c1', 'c2'],
        finishReason: 'tool_calls',
        usage: { inputTokens: 10, outputTokens: 5 },
        latencyMs: 3,
      },
      {
        index: 1,
        content: 'Paris',
        reasoning: null,
        callIds: [],
        finishReason: 'stop',
        usage: { inputTokens: 30, outputTokens: 1 },
        latencyMs: 2,
      },
    ],
    calls: [
      {
        id: 'c1',
        turn: 0,
        tool: 'country_capital',
        arguments: { country: 'France' },
        rawArguments: '{"country":"France"}',
        distractor: false,
        status: 'ok',
        observation: `{"capital": "Paris", "notes": "${'x'.repeat(500)}"}`,
        resultText: '{"capital": "Paris"}',
        durationMs: 4,
      },
      {
        id: 'c2',
        turn: 0,
        tool: 'airport_city',
        arguments: null,
        rawArguments: '{oops',
        distractor: true,
        status: 'invalid-arguments',
        observation: 'arguments are not a JSON object',
        resultText: '',
        durationMs: 0,
      },
    ],
    reward: {
      kind: 'f1',
      reward: 0.6667,
      recall: 1,
      precision: 0.5,
      subTasks: 1,
      solved: [{ subTask: 's1', by: 'call', callId: 'c1' }],
      calls: 2,
      finalAnswerCorrect: true,
    },
    timings: { startedAt: '2026-01-01T00:00:00Z', wallMs: 12, policyMs: 5, toolMs: 4 },
    ...over,
  };
}

describe('rollouts rendering', () => {
  it('summarises a finished batch: groups handed, what it took, reward and calls', () => {
    const lines = renderBatchReport(report({ batch: summary })).split('\n');
    expect(lines[0]).toBe('batch b1 (policy oracle, G=4): 2/2 group(s) handed, complete');
    expect(lines[2]!.trim().split(/\s{2,}/)).toEqual(['b1:0', 'eeeeeeeeeeee', '0.500', '0.250']);
    expect(lines).toContain('groups: 3 generated, 1 dropped (no spread), 0 lost to infrastructure, 0 carried in, 0 carried out');
    expect(lines).toContain('episodes: 12, 1 failed-infrastructure');
    expect(lines).toContain('reward 0.600 ± 0.200, valid ratio 0.67, 3.3 calls per episode');
  });

  it('says when a batch ended short, and reports a job without a summary by its progress and error', () => {
    expect(renderBatchReport(report({ batch: { ...summary, complete: false, groups: [] } }))).toMatch(
      /0\/2 group\(s\) handed, ended short after 3 generated group\(s\)$/m,
    );
    const failed = report({ status: 'failed', progress: { done: 1, total: 2 }, error: { code: 'NOT_FOUND', message: 'no environments' } });
    expect(renderBatchReport(failed)).toBe('job b1 (rollout-batch): failed, 1/2 valid groups: NOT_FOUND: no environments');
  });

  it('lists episodes as a table, a failed one marked and without reward', () => {
    const row = (over: Partial<EpisodeSummary>): EpisodeSummary => ({
      id: 'a'.repeat(32),
      jobId: 'b1',
      groupIndex: 3,
      sample: 2,
      environmentId: ENV,
      policyVersion: 'oracle',
      status: 'completed',
      stop: 'answered',
      reward: 0.5,
      turns: 3,
      calls: 4,
      wallMs: 1500,
      createdAt: '2026-01-01T00:00:00Z',
      ...over,
    });
    const text = renderEpisodeList([row({}), row({ status: 'failed-infrastructure', stop: 'infrastructure', reward: undefined })]);
    const rows = text.split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[1]).toEqual(['aaaaaaaaaaaa', 'b1', '3/2', 'eeeeeeeeeeee', 'oracle', 'answered', '0.500', '3', '4', '1.5s']);
    expect(rows[2]).toEqual(['aaaaaaaaaaaa', 'b1', '3/2', 'eeeeeeeeeeee', 'oracle', 'FAILED infrastructure', '-', '3', '4', '1.5s']);
    expect(text.split('\n').at(-1)).toBe('2 episode(s)');
  });

  it('shows an episode turn by turn: text, calls with arguments and cut observations, then the reward breakdown', () => {
    const text = renderEpisode(episode());
    expect(text).toContain(`environment ${ENV}`);
    expect(text).toContain('policy oracle @ oracle');
    expect(text).toContain('status completed, stop answered');
    expect(text).toContain('distractors: airport_city (high)');
    expect(text).toContain('question: What is the capital of France?');
    expect(text).toContain('  assistant: Let me look it up.');
    expect(text).toContain('    call country_capital(country="France") -> ok');
    expect(text).toContain('    call airport_city(unparsed {oops) [distractor] -> invalid-arguments');
    const observation = text.split('\n').find((line) => line.includes('"capital": "Paris"'))!;
    expect(observation.trim().length).toBe(160);
    expect(observation.endsWith('…')).toBe(true);
    const reward = text.slice(text.indexOf('reward (f1)'));
    expect(reward.split('\n')).toEqual([
      'reward (f1): 0.667',
      '  recall 1.000: 1/1 sub-task(s) solved',
      '  precision 0.500: over 2 call(s)',
      '  solved: s1 (call c1)',
      '  final answer correct (reported, not rewarded)',
    ]);
  });

  it('says why an episode that failed on infrastructure has no reward', () => {
    const failed = episode({
      status: 'failed-infrastructure',
      stop: 'infrastructure',
      reward: undefined,
      error: { code: 'UNAVAILABLE', message: 'sandbox down' },
    });
    const text = renderEpisode(failed);
    expect(text).toContain('status failed-infrastructure, stop infrastructure: UNAVAILABLE: sandbox down');
    expect(text.split('\n').at(-1)).toBe('no reward: the episode failed on infrastructure');
  });

  it('prints re-scores before → after with a total', () => {
    const after = episode().reward!;
    const text = renderRescores([
      { id: 'a'.repeat(32), before: { ...after, reward: 0.5 }, after: { ...after, kind: 'recall', reward: 1 } },
      { id: 'b'.repeat(32), before: { ...after, reward: 0.25 }, after: { ...after, kind: 'recall', reward: 0.25 }, mismatchedCalls: 1 },
    ]);
    const rows = text.split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[1]).toEqual(['aaaaaaaaaaaa', '0.500 → 1.000', 'recall', '-']);
    expect(rows[2]).toEqual(['bbbbbbbbbbbb', '0.250 → 0.250', 'recall', '1']);
    expect(text.split('\n').at(-1)).toBe('2 episode(s) rescored, 1 changed; mean 0.375 → 0.625');
  });

  it('writes one JSON line per episode of the handed groups, each with its group id, in order', () => {
    const group = (id: string): GroupSummary => ({
      id,
      jobId: 'b1',
      groupIndex: 0,
      environmentId: ENV,
      policyVersion: 'oracle',
      state: 'valid',
      rewards: [0, 1],
      mean: 0.5,
      std: 0.5,
      episodeIds: [],
    });
    const text = batchJsonLines([
      { group: group('g1'), episodes: [episode({ sample: 0 }), episode({ sample: 1 })] },
      { group: group('g2'), episodes: [episode({ sample: 0 })] },
    ]);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EpisodeRecord & { groupId: string });
    expect(lines.map((l) => [l.groupId, l.sample])).toEqual([
      ['g1', 0],
      ['g1', 1],
      ['g2', 0],
    ]);
    expect(lines[0]!.calls).toHaveLength(2);
    expect(text.endsWith('\n')).toBe(true);
  });
});
