import { createHash } from 'node:crypto';
import type { OfferedTool, TaskRecord } from '@astra/contracts';
import { LlmClient, parseLlmConfig } from '@astra/platform/llm';
import { LlmTestServer } from '@astra/testing';
import { SimulatedToolExecutor } from '../src/executors/simulated/simulated-tool.executor';

// The simulated executor through the real LLM client over HTTP, against the LLM test server: answers, garbage, faults.

const tool = (name: string): OfferedTool => ({
  type: 'function',
  function: {
    name,
    description: `The ${name} tool of a notes service`,
    parameters: { type: 'object', properties: { text: { type: 'string' } } },
  },
});
const task = {
  id: createHash('sha256').update('simulated').digest('hex'),
  source: { kind: 'server', server: 'notes', tools: ['add_note', 'list_notes'] },
  targetTools: ['add_note', 'list_notes'],
} as unknown as TaskRecord;
const lookup = { toolsFor: () => Promise.resolve([tool('add_note'), tool('list_notes')]) };

describe('simulated tools through the LLM client and the LLM test server', () => {
  const server = new LlmTestServer();
  let client: LlmClient;

  beforeAll(async () => {
    await server.start(0);
    const config = parseLlmConfig({
      roles: {
        tool_simulator: {
          endpoints: [{ baseUrl: server.baseUrl }],
          model: 'simulator',
          retries: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
        },
      },
    });
    client = new LlmClient(config);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('answers from the model with the state of earlier calls sent back, and makes garbage an error call', async () => {
    server.setRules([
      // Any message of the conversation: the repair turn asks again with the original prompt before it.
      { match: { contains: 'Now called with: {"text":"eggs"}' }, reply: { content: 'I am not JSON at all' } },
      {
        match: { lastOnly: true, contains: 'Now called with: {"text":"milk"}' },
        reply: { content: '{"result": {"id": 1, "text": "milk"}}' },
      },
      {
        match: { lastOnly: true, contains: '1. add_note({"text":"milk"})' },
        reply: { content: '{"result": [{"id": 1, "text": "milk"}]}' },
      },
    ]);
    const session = await new SimulatedToolExecutor(lookup, client).open(task, { seed: 3, failureRate: 0 });
    expect(await session.call('add_note', { text: 'milk' })).toEqual({ status: 'ok', result: '{"id":1,"text":"milk"}' });
    expect(await session.call('list_notes', {})).toEqual({ status: 'ok', result: '[{"id":1,"text":"milk"}]' });
    const garbage = await session.call('add_note', { text: 'eggs' });
    expect(garbage.status).toBe('error');
    expect(garbage.result).toMatch(/no usable answer/);
    await session.close();
  });

  it('injects failures at the configured rate without asking the model, and throws when the API keeps failing', async () => {
    server.setRules([{ reply: { content: '{"result": "ok"}' } }]);
    const session = await new SimulatedToolExecutor(lookup, client).open(task, { seed: 11, failureRate: 0.5 });
    const before = server.requests.length;
    const results = [];
    for (let i = 0; i < 40; i++) results.push(await session.call('list_notes', {}));
    const injected = results.filter((r) => r.status === 'injected').length;
    expect(injected).toBeGreaterThan(8);
    expect(injected).toBeLessThan(32);
    expect(server.requests.length - before).toBe(40 - injected);

    server.injectFault({ kind: 'server_error', status: 503 }, 10);
    const failing = await new SimulatedToolExecutor(lookup, client).open(task, { seed: 3, failureRate: 0 });
    await expect(failing.call('list_notes', {})).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
  });
});
