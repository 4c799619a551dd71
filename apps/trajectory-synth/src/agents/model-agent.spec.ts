import { BusError } from '@astra/contracts';
import { LlmClient, parseLlmConfig } from '@astra/platform/llm';
import { LlmTestServer } from '@astra/testing';
import { agentOptions, agentTask, FakeSession, ManualClock } from '../../test/support/agent-fixtures';
import { SYSTEM_AGENT_CLOCK } from './agent-clock';
import { ModelAgent } from './model-agent';

const QUESTION = 'What is the weather in Lyon, and what time is it there?';

function citySession(): FakeSession {
  return new FakeSession({
    weather: (args) => ({ status: 'ok', result: JSON.stringify({ city: args['city'], sky: 'sunny' }) }),
    clock: () => ({ status: 'ok', result: '{"time":"10:00"}' }),
  });
}

describe('ModelAgent', () => {
  const server = new LlmTestServer();
  let client: LlmClient;
  let agent: ModelAgent;

  beforeAll(async () => {
    await server.start();
    client = new LlmClient(
      parseLlmConfig({
        roles: { agent: { endpoints: [{ baseUrl: server.baseUrl }], model: 'agent-model', retries: { maxAttempts: 1 } } },
      }),
    );
    agent = new ModelAgent(client, SYSTEM_AGENT_CLOCK);
  });
  beforeEach(() => server.resetStats());
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('runs a turn of parallel calls together, keeps reasoning, and answers', async () => {
    server.setRules([
      {
        reply: [
          {
            reasoning_content: 'I need the weather and the local time.',
            tool_calls: [
              { id: 'w1', name: 'weather', arguments: { city: 'Lyon' } },
              { id: 'c1', name: 'clock', arguments: { zone: 'Europe/Paris' } },
            ],
          },
          { content: 'It is sunny in Lyon, and the time there is 10:00.', reasoning_content: 'Both results are in.' },
        ],
      },
    ]);
    const session = citySession();
    const run = await agent.solve(agentTask(QUESTION), session, agentOptions());

    expect(run).toMatchObject({ stop: 'answered', finalAnswer: 'It is sunny in Lyon, and the time there is 10:00.', detours: [] });
    expect(session.maxInFlight).toBe(2);
    expect(run.calls.map((c) => [c.id, c.turn, c.tool, c.status])).toEqual([
      ['w1', 0, 'weather', 'ok'],
      ['c1', 0, 'clock', 'ok'],
    ]);
    expect(run.calls[0]?.result).toBe('{"city":"Lyon","sky":"sunny"}');
    expect(run.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(run.messages[0]).toEqual({ role: 'user', content: QUESTION });
    expect(run.messages[1]).toMatchObject({
      reasoning_content: 'I need the weather and the local time.',
      tool_calls: [{ id: 'w1' }, { id: 'c1' }],
    });
    expect(run.messages[2]).toEqual({ role: 'tool', tool_call_id: 'w1', content: '{"city":"Lyon","sky":"sunny"}' });
    expect(run.messages[4]).toMatchObject({ content: run.finalAnswer, reasoning_content: 'Both results are in.' });

    // The second request carries the tool results and the tools, not the reasoning.
    const second = server.requests.filter((r) => r.route.includes('chat'))[1]?.body;
    expect(second?.['tools']).toEqual(session.tools);
    expect(JSON.stringify(second?.['messages'])).toContain('"tool_call_id":"c1"');
    expect(JSON.stringify(second?.['messages'])).not.toContain('reasoning_content');
  });

  it('answers garbage arguments and an unknown tool with observations, without calling', async () => {
    server.setRules([
      {
        reply: [
          {
            tool_calls: [
              { id: 'g1', name: 'weather', arguments: '{city: Lyon' },
              { id: 'u1', name: 'teleport', arguments: { to: 'Lyon' } },
            ],
          },
          { content: 'I could not find out.' },
        ],
      },
    ]);
    const session = citySession();
    const run = await agent.solve(agentTask(QUESTION), session, agentOptions());

    expect(session.calls).toEqual([]);
    expect(run.calls.map((c) => [c.tool, c.status, c.arguments])).toEqual([
      ['weather', 'invalid-arguments', null],
      ['teleport', 'unknown-tool', { to: 'Lyon' }],
    ]);
    expect(run.calls[0]?.result).toMatch(/^Error: invalid arguments for weather: .*JSON/);
    expect(run.calls[1]?.result).toBe('Error: unknown tool "teleport"; the tools are: weather, clock');
    expect(run.messages[1]?.tool_calls?.[0]?.function.arguments).toBe('{city: Lyon');
    expect(run.stop).toBe('answered');
  });

  it('stops at the model-call cap with unique call ids', async () => {
    server.setRules([{ reply: { tool_calls: [{ name: 'clock', arguments: {} }] } }]);
    const session = citySession();
    const run = await agent.solve(agentTask(QUESTION), session, agentOptions({ maxModelCalls: 3 }));

    expect(run).toMatchObject({ stop: 'call-cap', finalAnswer: '' });
    expect(server.requestCount('/v1/chat/completions')).toBe(3);
    expect(run.calls.map((c) => c.turn)).toEqual([0, 1, 2]);
    expect(new Set(run.calls.map((c) => c.id)).size).toBe(3);
  });

  it('stops at the wall-clock limit', async () => {
    server.setRules([{ reply: { tool_calls: [{ name: 'clock', arguments: {} }] } }]);
    const clock = new ManualClock();
    const session = new FakeSession({
      clock: () => {
        clock.advance(5_000);
        return { status: 'ok', result: '{"time":"10:00"}' };
      },
    });
    const run = await new ModelAgent(client, clock).solve(agentTask(QUESTION), session, agentOptions({ timeLimitMs: 8_000 }));

    expect(run.stop).toBe('time-limit');
    expect(server.requestCount('/v1/chat/completions')).toBe(2);
    expect(run.calls.map((c) => c.durationMs)).toEqual([5_000, 5_000]);
    expect(run.toolMs).toBe(10_000);
  });

  it('stops on an API failure that outlived the retries, keeping what came before', async () => {
    server.setRules([{ reply: { tool_calls: [{ name: 'clock', arguments: {} }] } }]);
    // The first turn succeeds; its tool call arms the fault that the second model call meets.
    const session = new FakeSession({
      clock: () => {
        server.injectFault({ kind: 'server_error', status: 500 }, 1);
        return { status: 'ok', result: '{"time":"10:00"}' };
      },
    });
    const run = await agent.solve(agentTask(QUESTION), session, agentOptions());

    expect(run.stop).toBe('infrastructure');
    expect(run.error).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(run.finalAnswer).toBe('');
    expect(run.calls.map((c) => c.tool)).toEqual(['clock']);
    expect(run.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('stops on an executor fault with its error', async () => {
    server.setRules([
      {
        reply: {
          tool_calls: [
            { name: 'weather', arguments: { city: 'Lyon' } },
            { name: 'clock', arguments: {} },
          ],
        },
      },
    ]);
    const session = new FakeSession({
      weather: () => {
        throw new BusError('MCP_SERVER_FAILED', 'the weather server exited');
      },
      clock: () => ({ status: 'ok', result: '{"time":"10:00"}' }),
    });
    const run = await agent.solve(agentTask(QUESTION), session, agentOptions());

    expect(run).toMatchObject({ stop: 'infrastructure', error: { code: 'MCP_SERVER_FAILED', message: 'the weather server exited' } });
    expect(run.calls.map((c) => c.tool)).toEqual(['clock']);
    expect(server.requestCount('/v1/chat/completions')).toBe(1);
  });

  it('refuses clearly without an LLM config', async () => {
    await expect(new ModelAgent(null, SYSTEM_AGENT_CLOCK).solve(agentTask(QUESTION), citySession(), agentOptions())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('ASTRA_LLM_CONFIG'),
    });
  });
});
