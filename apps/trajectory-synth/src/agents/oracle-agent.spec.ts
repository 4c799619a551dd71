import { TaskPlanSchema, type TaskPlan } from '@astra/contracts';
import { chooseDetour, type DetourKind } from '@astra/domain/trajectories';
import { agentOptions, agentTask, FakeSession, ManualClock } from '../../test/support/agent-fixtures';
import { OracleAgent } from './oracle-agent';

const QUESTION = 'How many people live in Lyon, and what is the weather like there?';
const PLAN: TaskPlan = TaskPlanSchema.parse({
  steps: [
    { id: 'find', tool: 'search_city', arguments: { query: 'Lyon' }, purpose: 'which id the city of Lyon has' },
    { id: 'sky', tool: 'weather', arguments: { city: 'Lyon' } },
    {
      id: 'people',
      tool: 'population',
      arguments: { year: 2024 },
      bindings: [{ argument: 'cityId', fromStep: 'find', path: 'results.0.id' }],
      purpose: 'how many people live there',
    },
  ],
  finalAnswer: '522,250',
});

function citySession(cities: Record<string, string> = { Lyon: 'LYS' }): FakeSession {
  return new FakeSession({
    search_city: (args) => {
      const id = cities[String(args['query'])];
      return id
        ? { status: 'ok', result: JSON.stringify({ results: [{ id, name: args['query'] }] }) }
        : { status: 'ok', result: '{"results":[]}' };
    },
    weather: (args) =>
      args['city'] === 'Lyon'
        ? { status: 'ok', result: '{"sky":"sunny","celsius":21}' }
        : { status: 'error', result: `Error: no city "${String(args['city'])}"` },
    population: (args) =>
      args['cityId'] === 'LYS'
        ? { status: 'ok', result: JSON.stringify({ cityId: 'LYS', population: '522,250', year: args['year'] }) }
        : { status: 'error', result: `Error: no city id ${JSON.stringify(args['cityId'])}` },
  });
}

/** The first seed whose detour is of this kind on this step (the draw is the domain's, seeded per trajectory). */
function seedFor(kind: DetourKind, stepId: string): number {
  for (let seed = 0; seed < 10_000; seed += 1) {
    const choice = chooseDetour(PLAN, 1, seed);
    if (choice?.kind === kind && choice.stepId === stepId) return seed;
  }
  throw new Error(`no seed gives ${kind} on ${stepId}`);
}

describe('OracleAgent', () => {
  // A clock that stands still, so runs with one seed compare equal (durations included).
  const agent = new OracleAgent(new ManualClock());

  it('runs independent steps in one turn, fills the binding from the real result, and answers from the outputs', async () => {
    const session = citySession();
    const run = await agent.solve(agentTask(QUESTION, PLAN), session, agentOptions());

    expect(run).toMatchObject({ stop: 'answered', finalAnswer: '522,250', detours: [], modelMs: 0 });
    expect(session.maxInFlight).toBe(2);
    expect(session.calls).toEqual([
      { name: 'search_city', arguments: { query: 'Lyon' } },
      { name: 'weather', arguments: { city: 'Lyon' } },
      { name: 'population', arguments: { year: 2024, cityId: 'LYS' } },
    ]);
    expect(run.calls.map((c) => [c.id, c.turn, c.tool, c.status])).toEqual([
      ['call_0_0', 0, 'search_city', 'ok'],
      ['call_0_1', 0, 'weather', 'ok'],
      ['call_1_0', 1, 'population', 'ok'],
    ]);
    expect(run.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'tool', 'assistant']);
    expect(run.messages[1]?.tool_calls?.map((c) => c.function.name)).toEqual(['search_city', 'weather']);
    expect(run.messages[1]?.reasoning_content).toContain(`The user asks: "${QUESTION}"`);
    expect(run.messages[1]?.reasoning_content).toContain('which id the city of Lyon has and what weather returns for city="Lyon"');
    expect(run.messages[4]?.reasoning_content).toContain('I take cityId for population from the search_city result (results.0.id).');
    expect(run.messages[4]?.tool_calls?.[0]?.function.arguments).toBe('{"year":2024,"cityId":"LYS"}');
    expect(run.messages[6]).toMatchObject({ role: 'assistant', content: '522,250' });
  });

  it('summarises the last results when they do not contain the expected answer', async () => {
    const plan = TaskPlanSchema.parse({ ...PLAN, finalAnswer: '999' });
    const run = await agent.solve(agentTask(QUESTION, plan), citySession(), agentOptions());

    expect(run.finalAnswer).toBe(
      'Here is what I found:\n' +
        '- What weather returns for city="Lyon": {"sky":"sunny","celsius":21}\n' +
        '- How many people live there: {"cityId":"LYS","population":"522,250","year":2024}',
    );
  });

  it('fails clearly when a binding does not resolve in the real result', async () => {
    const run = await agent.solve(agentTask(QUESTION, PLAN), citySession({}), agentOptions());

    expect(run.stop).toBe('infrastructure');
    expect(run.error?.code).toBe('VALIDATION_FAILED');
    expect(run.error?.message).toContain('step "people" argument "cityId" from step "find" path "results.0.id": nothing at "results.0"');
    expect(run.calls.map((c) => c.tool)).toEqual(['search_city', 'weather']);
  });

  it('refuses a task without a plan, and a plan with a cycle', async () => {
    await expect(agent.solve(agentTask(QUESTION), citySession(), agentOptions())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('has none'),
    });
    const cycle = TaskPlanSchema.parse({
      steps: [
        { ...PLAN.steps[0], dependsOn: ['sky'] },
        { ...PLAN.steps[1], dependsOn: ['find'] },
      ],
    });
    await expect(agent.solve(agentTask(QUESTION, cycle), citySession(), agentOptions())).rejects.toMatchObject({
      message: expect.stringContaining('a cycle'),
    });
  });

  it('takes a wrong first argument, then recovers after the error (the same for the same seed)', async () => {
    const options = agentOptions({ detourRate: 1, seed: seedFor('wrong-argument', 'find') });
    const session = citySession();
    const run = await agent.solve(agentTask(QUESTION, PLAN), session, options);

    expect(session.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['search_city', { query: 'Lyo' }],
      ['weather', { city: 'Lyon' }],
      ['search_city', { query: 'Lyon' }],
      ['population', { year: 2024, cityId: 'LYS' }],
    ]);
    expect(run.detours).toEqual(['wrong-argument: search_city (step find) first called with query="Lyo", then "Lyon"']);
    expect(run.messages[4]?.reasoning_content).toContain('The search_city call with query="Lyo" returned something that does not match');
    expect(run.messages[4]?.reasoning_content).toContain('it should be "Lyon"');
    expect(run).toMatchObject({ stop: 'answered', finalAnswer: '522,250' });
    expect(await agent.solve(agentTask(QUESTION, PLAN), citySession(), options)).toEqual(run);
  });

  it('recovers from a wrong argument the tool refuses', async () => {
    const options = agentOptions({ detourRate: 1, seed: seedFor('wrong-argument', 'sky') });
    const run = await agent.solve(agentTask(QUESTION, PLAN), citySession(), options);

    expect(run.calls.map((c) => [c.tool, c.status])).toEqual([
      ['search_city', 'ok'],
      ['weather', 'error'],
      ['weather', 'ok'],
      ['population', 'ok'],
    ]);
    expect(run.calls[2]?.arguments).toEqual({ city: 'Lyon' });
    expect(run.messages[4]?.reasoning_content).toContain('failed: Error: no city "Lyo"');
    expect(run.detours).toHaveLength(1);
  });

  it('makes a redundant call once, in the turn after the step', async () => {
    const options = agentOptions({ detourRate: 1, seed: seedFor('redundant-call', 'people') });
    const run = await agent.solve(agentTask(QUESTION, PLAN), citySession(), options);

    expect(run.calls.map((c) => [c.turn, c.tool])).toEqual([
      [0, 'search_city'],
      [0, 'weather'],
      [1, 'population'],
      [2, 'population'],
    ]);
    expect(run.calls[3]?.arguments).toEqual(run.calls[2]?.arguments);
    expect(run.detours).toEqual(['redundant-call: population (step people) called again with the same arguments']);
    expect(run.messages.at(-3)?.reasoning_content).toBe(
      'To be sure about how many people live there, I will make the population call once more.',
    );
    expect(run.finalAnswer).toBe('522,250');
  });

  it('tries a failed call again, and carries on without a step that keeps failing', async () => {
    let weatherCalls = 0;
    const flaky = new FakeSession({
      search_city: () => ({ status: 'ok', result: '{"results":[{"id":"LYS"}]}' }),
      weather: () => {
        weatherCalls += 1;
        return weatherCalls === 1
          ? { status: 'injected', result: 'Error: the weather service is unavailable' }
          : { status: 'ok', result: '{"sky":"rain"}' };
      },
      population: () => ({ status: 'error', result: 'Error: the census is closed' }),
    });
    const plan = TaskPlanSchema.parse({ ...PLAN, finalAnswer: undefined });
    const run = await agent.solve(agentTask(QUESTION, plan), flaky, agentOptions());

    expect(run.calls.map((c) => [c.turn, c.tool, c.status])).toEqual([
      [0, 'search_city', 'ok'],
      [0, 'weather', 'injected'],
      [1, 'weather', 'ok'],
      [1, 'population', 'error'],
      [2, 'population', 'error'],
    ]);
    expect(run.messages[4]?.reasoning_content).toContain(
      'The weather call failed (Error: the weather service is unavailable); it may be a passing fault, so I will try it again.',
    );
    expect(run.stop).toBe('answered');
    expect(run.finalAnswer).toContain('- How many people live there: the population call failed (Error: the census is closed).');
    expect(run.finalAnswer).toContain('{"sky":"rain"}');
    expect(run.messages.at(-1)?.reasoning_content).toContain('population did not succeed');
  });

  it('takes no detour at rate 0 whatever the seed', async () => {
    for (const seed of [1, 2, 3]) {
      const run = await agent.solve(agentTask(QUESTION, PLAN), citySession(), agentOptions({ detourRate: 0, seed }));
      expect(run.detours).toEqual([]);
      expect(run.calls).toHaveLength(3);
    }
  });
});
