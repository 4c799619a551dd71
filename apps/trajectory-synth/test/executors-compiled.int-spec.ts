import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { EnvironmentRecord } from '@astra/contracts';
import { deleteNamespace, NatsBus, testNatsUrl } from '@astra/platform/bus';
import { type ServiceProcess, startVerifier } from '@astra/testing';
import { CompiledToolExecutor } from '../src/executors/compiled/compiled-tool.executor';
import type { ToolExecutor } from '../src/executors/tool-executor';
import { taskOver } from './support/executor-tasks';

const NATS_URL = testNatsUrl();
const ENV_ID = 'e'.repeat(64);

const tool = (name: string, arg: string, code: string) => ({
  name,
  description: `The ${name} tool.`,
  parameters: { type: 'object', properties: { [arg]: { type: 'string' } }, required: [arg] },
  language: 'python' as const,
  code,
  badCalls: [],
});

/** A hand-made environment: notes kept in session state, a lookup that fails clearly, and a tool that never ends. */
const environment = {
  id: ENV_ID,
  setup: 'NOTES = []\n',
  tools: [
    tool('add_note', 'text', 'def add_note(text):\n    NOTES.append(text)\n    return {"count": len(NOTES)}\n'),
    tool(
      'find_note',
      'text',
      'def find_note(text):\n    if text not in NOTES:\n        raise ValueError("no note " + text)\n    return {"found": text}\n',
    ),
    tool('spin', 'text', 'def spin(text):\n    while True:\n        pass\n'),
  ],
} as unknown as EnvironmentRecord;

describe('the compiled executor against the real verifier', () => {
  const namespace = `traj_exec_${randomBytes(5).toString('hex')}`;
  let verifier: ServiceProcess;
  let bus: NatsBus;

  beforeAll(async () => {
    verifier = startVerifier(NATS_URL, namespace);
    bus = await new NatsBus({ service: 'trajectory-synth', servers: NATS_URL, namespace }).connect();
    await verifier.ready();
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await verifier?.stop();
    await deleteNamespace(NATS_URL, namespace);
  });

  it('runs the tools in one session per trajectory, mapping ok, error and timeout', async () => {
    const executor: ToolExecutor = new CompiledToolExecutor(bus, 2_000, (id) => Promise.resolve({ ...environment, id }));
    const task = taskOver({ kind: 'environment', environmentId: ENV_ID }, ['add_note', 'find_note']);
    const first = await executor.open(task, { seed: 1, failureRate: 0 });
    const second = await executor.open(task, { seed: 2, failureRate: 0 });
    try {
      expect(first.tools.map((t) => t.function.name)).toEqual(['add_note', 'find_note', 'spin']);
      expect(await first.call('add_note', { text: 'milk' })).toEqual({ status: 'ok', result: '{"count":1}' });
      expect(await first.call('find_note', { text: 'milk' })).toEqual({ status: 'ok', result: '{"found":"milk"}' });
      const missing = await second.call('find_note', { text: 'milk' });
      expect(missing).toEqual({ status: 'error', result: expect.stringContaining('no note milk') });
      expect((await first.call('spin', { text: 'x' })).status).toBe('timeout');
      expect((await first.call('nope', {})).status).toBe('unknown-tool');
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});
