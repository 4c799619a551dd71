import { TaskRecordSchema, type TaskPlan, type TaskRecord } from '@astra/contracts';
import type { AgentOptions } from '../../src/agents/agent';
import type { AgentClock } from '../../src/agents/agent-clock';
import type { ExecutedCall, ExecutorSession } from '../../src/executors/tool-executor';

/** A tool of the fake session: what it answers for the arguments (it may throw, like a dead executor). */
export type FakeTool = (args: Record<string, unknown>) => ExecutedCall;

/** An ExecutorSession over in-memory tools that records every call and how many ran at once. */
export class FakeSession implements ExecutorSession {
  readonly calls: { name: string; arguments: Record<string, unknown> }[] = [];
  maxInFlight = 0;
  closed = false;
  private inFlight = 0;

  constructor(private readonly handlers: Record<string, FakeTool>) {}

  get tools(): ExecutorSession['tools'] {
    return Object.keys(this.handlers).map((name) => ({
      type: 'function' as const,
      function: { name, description: `the ${name} tool`, parameters: { type: 'object', properties: {} } },
    }));
  }

  async call(name: string, args: Record<string, unknown>): Promise<ExecutedCall> {
    this.calls.push({ name, arguments: args });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Yield once so calls issued together overlap, as they do against a real server.
      await new Promise((resolve) => setImmediate(resolve));
      const handler = this.handlers[name];
      if (handler === undefined) throw new Error(`the fake session has no ${name}`);
      return handler(args);
    } finally {
      this.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A task with the question and (for the oracle) a plan. */
export function agentTask(question: string, plan?: TaskPlan): TaskRecord {
  return TaskRecordSchema.parse({
    id: 'a'.repeat(64),
    jobId: 'job-1',
    question,
    language: 'en',
    source: { kind: 'server', server: 'cities', tools: ['search_city', 'population'] },
    targetTools: ['search_city', 'population'],
    strategy: 'template',
    ...(plan ? { plan } : {}),
    accepted: true,
    lineage: { seed: 1 },
    createdAt: '2026-11-30T00:00:00.000Z',
  });
}

export const agentOptions = (overrides: Partial<AgentOptions> = {}): AgentOptions => ({
  maxModelCalls: 20,
  timeLimitMs: 60_000,
  detourRate: 0,
  seed: 7,
  ...overrides,
});

/** A clock the test moves by hand. */
export class ManualClock implements AgentClock {
  private t = 0;
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
