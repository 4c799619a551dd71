import { BusError, type JudgeVerdict, type TaskRecord, TrajectorySynthesisRequestSchema } from '@astra/contracts';
import {
  TaskRepository,
  TRAJECTORY_SYNTH_ENTITIES,
  TRAJECTORY_SYNTH_MIGRATIONS,
  type TrajectorySynthJobRepository,
  TrajectoryRepository,
} from '@astra/persistence/trajectory-synth';
import { createTestDatabase } from '@astra/platform/database';
import { InMemoryJobTable, JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type { LlmClient } from '@astra/platform/llm';
import type { DataSource } from 'typeorm';
import type { Agent, AgentRun } from '../agents/agent';
import type { ExecutorSession, ToolExecutor } from '../executors/tool-executor';
import { TrajectorySynthJobs } from '../jobs/trajectory-synth-jobs';
import { TrajLlm } from '../llm/traj-llm';
import { loadTrajectorySynthConfig } from '../trajectory-synth.config';
import { SynthesizeTrajectoriesUseCase } from './synthesize-trajectories.use-case';
import { TaskSelector } from './task-selector';
import { TrajectoryMaker } from './trajectory-maker';

const hex64 = (n: number) => n.toString(16).padStart(64, '0');

function task(n: number, source: TaskRecord['source']): TaskRecord {
  return {
    id: hex64(n),
    jobId: 'tasks',
    question: `question ${n}`,
    language: 'en',
    source,
    targetTools: ['lookup'],
    strategy: 'template',
    accepted: true,
    lineage: { seed: n, inputs: [] },
    createdAt: `2026-01-01T00:00:0${n}.000Z`,
  };
}

const verdict = (accepted: boolean): JudgeVerdict => ({
  accepted,
  mode: 'rules',
  rules: [{ rule: 'tools-exist', passed: accepted }],
  dimensions: [],
  mean: null,
  reasons: accepted ? [] : ['tools-exist failed'],
  judgedAt: '2026-01-01T00:00:00.000Z',
});

/** Fakes of the ports, with switches a test flips and counts it reads. */
function fakes() {
  const state = {
    opened: [] as string[],
    closed: 0,
    solved: [] as string[],
    judged: 0,
    openFault: undefined as Error | undefined,
    solveFault: undefined as Error | undefined,
    judgeFault: undefined as ((n: number) => Error | undefined) | undefined,
    accept: true,
  };
  const session: ExecutorSession = {
    tools: [{ type: 'function', function: { name: 'lookup', description: 'd', parameters: { type: 'object', properties: {} } } }],
    call: async () => ({ status: 'ok', result: '42' }),
    close: async () => void (state.closed += 1),
  };
  const executor = (kind: ToolExecutor['kind']): ToolExecutor => ({
    kind,
    open: async (t) => {
      if (state.openFault) throw state.openFault;
      state.opened.push(`${kind}:${t.id.slice(-1)}`);
      return session;
    },
  });
  const agent = (kind: Agent['kind']): Agent => ({
    kind,
    solve: async (t): Promise<AgentRun> => {
      if (state.solveFault) throw state.solveFault;
      state.solved.push(`${kind}:${t.id.slice(-1)}`);
      return {
        messages: [
          { role: 'user', content: t.question },
          { role: 'assistant', content: '42' },
        ],
        calls: [{ id: 'c1', turn: 0, tool: 'lookup', arguments: {}, status: 'ok', result: '42', durationMs: 1 }],
        finalAnswer: '42',
        stop: 'answered',
        detours: [],
        ...(kind === 'model' ? { model: 'm' } : {}),
        modelMs: 0,
        toolMs: 1,
      };
    },
  });
  const judge = {
    evaluate: async () => {
      state.judged += 1;
      const fault = state.judgeFault?.(state.judged);
      if (fault) throw fault;
      return verdict(state.accept);
    },
  };
  const executors = { mcp: executor('mcp'), compiled: executor('compiled'), simulated: executor('simulated') };
  return { state, maker: new TrajectoryMaker(executors, { model: agent('model'), oracle: agent('oracle') }, judge) };
}

describe('SynthesizeTrajectoriesUseCase', () => {
  const db = createTestDatabase('sqlite', {
    service: 'trajectory-synth',
    entities: TRAJECTORY_SYNTH_ENTITIES,
    migrations: TRAJECTORY_SYNTH_MIGRATIONS,
  });
  let dataSource: DataSource;
  const table = new InMemoryJobTable();
  const delivery = (n: number, last = false) => ({ deliveryCount: n, lastDelivery: last });
  beforeAll(async () => {
    dataSource = await db.open();
    const tasks = new TaskRepository(dataSource);
    await tasks.save(task(1, { kind: 'environment', environmentId: 'e'.repeat(64) }));
    await tasks.save(task(2, { kind: 'chain', chainId: 'c', server: 'memory', tools: ['lookup'] }));
    await tasks.save({ ...task(3, { kind: 'server', server: 'memory', tools: ['lookup'] }), accepted: false, rejectReason: 'uniqueness' });
  });
  afterAll(() => db.cleanup());

  function useCase(agentRole = false) {
    const { state, maker } = fakes();
    const config = loadTrajectorySynthConfig({ ASTRA_INSECURE_LOCAL_BUS: 'true', TRAJ_CONCURRENCY: '2' });
    const client = agentRole ? ({ config: { roles: { agent: { model: 'm' } } } } as unknown as LlmClient) : null;
    const jobs = new TrajectorySynthJobs(new JobRunner(new WorkCancellation()), table as unknown as TrajectorySynthJobRepository);
    const trajectories = new TrajectoryRepository(dataSource);
    const run = new SynthesizeTrajectoriesUseCase(
      jobs,
      trajectories,
      new TaskSelector(new TaskRepository(dataSource)),
      maker,
      new TrajLlm(client),
      config,
    );
    return { state, run, trajectories };
  }
  const request = (jobId: string, over: Record<string, unknown> = {}) =>
    TrajectorySynthesisRequestSchema.parse({ jobId, tasks: { jobId: 'tasks' }, ...over });

  it('picks compiled tools for environment tasks, MCP otherwise, and the oracle without an agent model', async () => {
    const { state, run, trajectories } = useCase();
    const report = await run.execute(request('auto'), delivery(1));
    expect(report.trajectories).toMatchObject({
      trajectories: 2,
      accepted: 2,
      byExecutor: { compiled: 1, mcp: 1 },
      byAgent: { oracle: 2 },
    });
    expect(state.opened.sort()).toEqual(['compiled:1', 'mcp:2']);
    expect(state.closed).toBe(2);
    const heads = await trajectories.headsOf('auto');
    expect(heads.map((h) => h.taskId).sort()).toEqual([hex64(1), hex64(2)]);
  });

  it('picks the model agent when the agent role is configured, and honours an executor asked for', async () => {
    const { state, run } = useCase(true);
    const report = await run.execute(request('model', { executor: 'simulated' }), delivery(1));
    expect(report.trajectories).toMatchObject({ byExecutor: { simulated: 2 }, byAgent: { model: 2 } });
    expect(state.solved.sort()).toEqual(['model:1', 'model:2']);
  });

  it('refuses the model agent without the agent role', async () => {
    const { run } = useCase();
    const report = await run.execute(request('no-model', { agent: 'model' }), delivery(1));
    expect(report).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
  });

  it('a judge outage stops the job for a retry; the redelivery resumes without duplicates and never accepts unjudged work', async () => {
    const { state, run, trajectories } = useCase();
    state.judgeFault = (n) => (n >= 3 ? new BusError('UNAVAILABLE', 'verifier down') : undefined);
    const req = request('resume', { perTask: 3 });
    await expect(run.execute(req, delivery(1))).rejects.toMatchObject({ retryable: true });
    const first = await trajectories.headsOf('resume');
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first.length).toBeLessThan(6);
    expect(first.every((h) => h.verdict === 'accepted')).toBe(true);
    state.judgeFault = undefined;
    state.solved = [];
    const report = await run.execute(req, delivery(2));
    expect(report).toMatchObject({ status: 'completed', attempts: 2, trajectories: { trajectories: 6, accepted: 6 } });
    expect(state.solved).toHaveLength(6 - first.length);
    const ids = (await trajectories.headsOf('resume')).map((h) => h.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('a judge that fails for good fails the job on its last delivery and stores nothing as accepted', async () => {
    const { state, run, trajectories } = useCase();
    state.judgeFault = () => new BusError('VALIDATION_FAILED', 'judge refused its input');
    const report = await run.execute(request('judge-broken'), delivery(5, true));
    expect(report).toMatchObject({ status: 'failed', error: { code: 'UNAVAILABLE' } });
    expect(await trajectories.headsOf('judge-broken')).toEqual([]);
  });

  it('a rejected verdict is stored as rejected', async () => {
    const { state, run } = useCase();
    state.accept = false;
    const report = await run.execute(request('rejected'), delivery(1));
    expect(report.trajectories).toMatchObject({ trajectories: 2, accepted: 0, rejected: 2 });
  });

  it('an executor fault is stored as an infrastructure stop, rejected and unjudged by the model; a retryable one retries', async () => {
    const { state, run, trajectories } = useCase();
    state.openFault = new BusError('MCP_SERVER_FAILED', 'the server exited');
    const report = await run.execute(request('infra'), delivery(1));
    expect(report.trajectories).toMatchObject({ trajectories: 2, failed: 2, rejected: 2, accepted: 0 });
    expect(state.judged).toBe(0);
    const [row] = await trajectories.ofJob('infra', undefined, 1);
    expect(row!.record).toMatchObject({ stop: 'infrastructure', verdict: 'rejected', error: { code: 'MCP_SERVER_FAILED' } });
    state.openFault = undefined;
    state.solveFault = new BusError('UNAVAILABLE', 'NATS down');
    await expect(run.execute(request('infra-retry'), delivery(1))).rejects.toMatchObject({ retryable: true });
    expect(await trajectories.headsOf('infra-retry')).toEqual([]);
  });

  it('solves tasks named by id prefix and refuses a rejected one', async () => {
    const { run } = useCase();
    const ok = await run.execute(request('by-id', { tasks: { ids: [hex64(2).slice(-8)] } }), delivery(1));
    expect(ok).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    const named = await run.execute(request('by-id-2', { tasks: { ids: [hex64(2)] }, judge: false }), delivery(1));
    expect(named.trajectories).toMatchObject({ trajectories: 1, unjudged: 1 });
    const rejected = await run.execute(request('by-id-3', { tasks: { ids: [hex64(3)] } }), delivery(1));
    expect(rejected).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
  });
});
