import { createHash } from 'node:crypto';
import type { OfferedTool, TaskRecord } from '@astra/contracts';
import type { ChatRequest, ChatResult, LlmClient } from '@astra/platform/llm';
import { injectedFailure } from './failure-injection';
import { SimulatedToolExecutor } from './simulated-tool.executor';

const tool = (name: string): OfferedTool => ({
  type: 'function',
  function: { name, description: `The ${name} tool`, parameters: { type: 'object', properties: { q: { type: 'string' } } } },
});
const task = {
  id: createHash('sha256').update('t').digest('hex'),
  source: { kind: 'server', server: 'notes', tools: ['add', 'list'] },
  targetTools: ['add', 'list'],
} as unknown as TaskRecord;
const lookup = { toolsFor: () => Promise.resolve([tool('add'), tool('list')]) };

/** A fake client answering from a script, recording the user prompts it saw. */
function fakeLlm(answers: string[]) {
  const prompts: string[] = [];
  const client = {
    config: { roles: { tool_simulator: { model: 'sim' } } },
    chat: (_role: string, request: ChatRequest): Promise<ChatResult> => {
      prompts.push(request.messages.map((m) => String(m.content)).join('\n'));
      const content = answers.shift() ?? 'garbage';
      return Promise.resolve({
        content,
        reasoning: null,
        thinkUnclosed: false,
        toolCalls: [],
        toolCallSource: 'none',
      } as unknown as ChatResult);
    },
  };
  return { client: client as unknown as LlmClient, prompts };
}

describe('SimulatedToolExecutor', () => {
  it('passes every earlier call and its result back into the prompt, with the schema and description', async () => {
    const { client, prompts } = fakeLlm(['{"result": {"id": 7}}', '{"result": ["note 7"]}']);
    const session = await new SimulatedToolExecutor(lookup, client).open(task, { seed: 1, failureRate: 0 });
    expect(await session.call('add', { q: 'milk' })).toEqual({ status: 'ok', result: '{"id":7}' });
    expect(await session.call('list', {})).toEqual({ status: 'ok', result: '["note 7"]' });
    expect(prompts[0]).toContain('No earlier calls');
    expect(prompts[0]).toContain('The add tool');
    expect(prompts[0]).toContain('"properties":{"q":{"type":"string"}}');
    expect(prompts[1]).toContain('1. add({"q":"milk"}) -> {"id":7}');
    expect(prompts[1]).toContain('Now called with: {}');
  });

  it('makes an unparseable answer after the repair turn an error call, and an {"error"} result an error', async () => {
    const { client, prompts } = fakeLlm(['not json', 'still not json', '{"result": {"error": "no such note"}}']);
    const session = await new SimulatedToolExecutor(lookup, client).open(task, { seed: 1, failureRate: 0 });
    const bad = await session.call('add', { q: 'x' });
    expect(bad.status).toBe('error');
    expect(bad.result).toMatch(/^Error: the simulated tool gave no usable answer/);
    expect(prompts).toHaveLength(2);
    expect(await session.call('list', {})).toEqual({ status: 'error', result: '{"error":"no such note"}' });
    expect((await session.call('nope', {})).status).toBe('unknown-tool');
  });

  it('refuses without a tool_simulator role', async () => {
    await expect(new SimulatedToolExecutor(lookup, null).open(task, { seed: 1, failureRate: 0 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('injects failures at the rate, seeded per trajectory and call, in rotation of timeout, error and empty', async () => {
    const draws = Array.from({ length: 5000 }, (_, i) => injectedFailure(Math.floor(i / 50), i % 50, 0.2));
    const failed = draws.filter((d) => d !== null);
    expect(failed.length / draws.length).toBeGreaterThan(0.17);
    expect(failed.length / draws.length).toBeLessThan(0.23);
    for (const kind of ['timeout', 'error', 'empty']) expect(failed.filter((d) => d === kind).length).toBeGreaterThan(failed.length / 5);
    expect(Array.from({ length: 50 }, (_, i) => injectedFailure(3, i, 0.2))).toEqual(
      Array.from({ length: 50 }, (_, i) => injectedFailure(3, i, 0.2)),
    );
    expect(Array.from({ length: 50 }, (_, i) => injectedFailure(3, i, 0.2))).not.toEqual(
      Array.from({ length: 50 }, (_, i) => injectedFailure(4, i, 0.2)),
    );
    expect(draws.every((_, i) => injectedFailure(i, 0, 0) === null)).toBe(true);

    const { client, prompts } = fakeLlm([]);
    const session = await new SimulatedToolExecutor(lookup, client).open(task, { seed: 9, failureRate: 1 });
    const results = await Promise.all([0, 1, 2].map(() => session.call('add', {})));
    expect(results.every((r) => r.status === 'injected')).toBe(true);
    expect(prompts).toEqual([]);
  });
});
