import type { JudgeDimension, TaskRecord, TrajectoryRecord } from '@astra/contracts';

// A hand-made trajectory for the export tests: parallel calls, one failed call, reasoning on every assistant turn.

const DIMENSIONS: JudgeDimension[] = [
  'query-understanding',
  'query-planning',
  'tool-response-understanding',
  'tool-response-planning',
  'tool-call-status',
  'tool-conciseness',
  'final-answer',
];

/** The task the sample trajectory solves. */
export function sampleTask(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id: 'a'.repeat(64),
    jobId: 'task-job',
    question: 'Find a flight from Paris to Oslo on 3 May and tell me the weather there.',
    language: 'en',
    source: { kind: 'server', server: 'travel', tools: ['search_flights', 'get_weather'] },
    targetTools: ['search_flights', 'get_weather'],
    strategy: 'llm',
    augmentation: { kind: 'persona', parentId: 'b'.repeat(64), persona: 'a busy consultant' },
    scores: { questionQuality: 1, scenarioRealism: 0.75, toolUseNecessity: 1, toolSelectionDifficulty: 0.5, uniqueness: 0.75 },
    accepted: true,
    lineage: { seed: 7, inputs: [] },
    createdAt: '2026-11-30T00:00:00.000Z',
    ...overrides,
  };
}

/** A trajectory with two parallel calls (the second fails), a retry, and a final answer, reasoning throughout. */
export function sampleTrajectory(overrides: Partial<TrajectoryRecord> = {}): TrajectoryRecord {
  return {
    id: 'c'.repeat(32),
    jobId: 'trajectory-job',
    taskId: 'a'.repeat(64),
    executor: 'mcp',
    agent: { kind: 'model', model: 'qwen-test' },
    detours: [],
    tools: [
      {
        type: 'function',
        function: {
          name: 'search_flights',
          description: 'Search flights',
          parameters: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
        },
      },
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    ],
    messages: [
      { role: 'user', content: 'Find a flight from Paris to Oslo on 3 May and tell me the weather there.' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'I need flights and the weather; both at once.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'search_flights', arguments: '{"from":"PAR","to":"OSL"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Olso"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '[{"flight":"SK830","departs":"08:10"}]' },
      { role: 'tool', tool_call_id: 'call_2', content: 'error: unknown city "Olso"' },
      {
        role: 'assistant',
        content: 'The city name was misspelt; retrying.',
        reasoning_content: 'Typo in the city.',
        tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_3', content: '{"temp":9,"sky":"rain"}' },
      { role: 'assistant', content: 'Flight SK830 leaves at 08:10; Oslo: 9°C and rain.', reasoning_content: 'All facts in hand.' },
    ],
    calls: [
      {
        id: 'call_1',
        turn: 1,
        tool: 'search_flights',
        arguments: { from: 'PAR', to: 'OSL' },
        status: 'ok',
        result: '[...]',
        durationMs: 12,
      },
      { id: 'call_2', turn: 1, tool: 'get_weather', arguments: { city: 'Olso' }, status: 'error', result: 'error', durationMs: 3 },
      { id: 'call_3', turn: 2, tool: 'get_weather', arguments: { city: 'Oslo' }, status: 'ok', result: '{}', durationMs: 4 },
    ],
    finalAnswer: 'Flight SK830 leaves at 08:10; Oslo: 9°C and rain.',
    stop: 'answered',
    judgement: {
      accepted: true,
      mode: 'model',
      rules: [{ rule: 'tools-exist', passed: true }],
      dimensions: DIMENSIONS.map((dimension) => ({ dimension, status: 'scored' as const, score: 0.75, reason: 'fine' })),
      mean: 0.75,
      reasons: [],
      model: 'judge-test',
      judgedAt: '2026-11-30T00:00:01.000Z',
    },
    verdict: 'accepted',
    timings: { startedAt: '2026-11-30T00:00:00.000Z', wallMs: 100, modelMs: 60, toolMs: 19 },
    ...overrides,
  };
}
