import 'reflect-metadata';
import { SftFormatSchema, type TrajectoryRecord } from '@astra/contracts';
import { TRAJECTORY_SYNTH_ENTITIES, TRAJECTORY_SYNTH_MIGRATIONS } from '@astra/persistence/trajectory-synth';
import type { NatsBus } from '@astra/platform/bus';
import { createTestDatabases } from '@astra/platform/database';
import { TrajectorySynthStack } from './support/service-stack';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(240_000);

describe.each(
  createTestDatabases({ service: 'trajectory-synth', entities: TRAJECTORY_SYNTH_ENTITIES, migrations: TRAJECTORY_SYNTH_MIGRATIONS }),
)('trajectory-synth with the real verifier and env-compiler over NATS, on $name', (db) => {
  const stack = new TrajectorySynthStack(db);
  let cli: NatsBus;

  beforeAll(async () => {
    await stack.start();
    ({ cli } = stack);
    await cli.publish('env-compiler.synthesis.requested', { jobId: 'envs', strategy: 'kb', count: 6, seed: 3 }, { id: 'envs' });
    expect(await stack.envFinished('envs')).toBe('completed');
  });
  afterAll(() => stack.stop());

  it('makes tasks from environments, solves them with the oracle on compiled tools, judges them and exports every format', async () => {
    const tasksRequest = { jobId: 'tasks', input: { kind: 'environments', jobId: 'envs' }, count: 6 } as const;
    await cli.publish('trajectory-synth.tasks.requested', tasksRequest, { id: 'tasks' });
    const tasks = await stack.finished('tasks');
    expect(tasks).toMatchObject({ kind: 'task-generation', status: 'completed', tasks: { strategy: 'environment' } });
    expect(tasks.tasks!.accepted).toBeGreaterThan(0);
    const listed = await cli.request('trajectory-synth.task.list', { jobId: 'tasks', accepted: true, limit: 100 });
    expect(listed.tasks).toHaveLength(tasks.tasks!.accepted);
    const { task } = await cli.request('trajectory-synth.task.show', { id: listed.tasks[0]!.id.slice(0, 10) });
    expect(task.source.kind).toBe('environment');

    await cli.publish(
      'trajectory-synth.trajectories.requested',
      { jobId: 'traj', tasks: { jobId: 'tasks' }, detourRate: 0 },
      { id: 'traj' },
    );
    const made = await stack.finished('traj');
    expect(made).toMatchObject({ kind: 'trajectory-synthesis', status: 'completed' });
    const summary = made.trajectories!;
    expect(summary).toMatchObject({ trajectories: tasks.tasks!.accepted, failed: 0, byExecutor: { compiled: summary.trajectories } });
    expect(summary.byAgent).toEqual({ oracle: summary.trajectories });
    expect(summary.accepted).toBeGreaterThan(0);

    const page = await cli.request('trajectory-synth.trajectory.list', { jobId: 'traj', verdict: 'accepted', limit: 100 });
    expect(page.trajectories).toHaveLength(summary.accepted);
    const { trajectory } = await cli.request('trajectory-synth.trajectory.show', { id: page.trajectories[0]!.id.slice(0, 8) });
    expect(trajectory.judgement).toMatchObject({ mode: 'rules', accepted: true });
    expect(trajectory.calls.length).toBeGreaterThan(0);
    expect(trajectory.calls.every((c) => c.status === 'ok')).toBe(true);

    for (const format of SftFormatSchema.options) {
      const exported = await cli.request('trajectory-synth.trajectory.export', {
        jobId: 'traj',
        format,
        validationFraction: 0.5,
        limit: 1000,
      });
      expect(exported.records).toHaveLength(summary.accepted);
      for (const record of exported.records) expect(() => JSON.parse(record.line) as unknown).not.toThrow();
      expect(exported.records.every((r) => r.split === 'train' || r.split === 'validation')).toBe(true);
    }
  });

  it('a repeated trajectory command duplicates nothing, and a re-judging job stores a verdict for every trajectory', async () => {
    await cli.publish('trajectory-synth.trajectories.requested', { jobId: 'traj', tasks: { jobId: 'tasks' } }, { id: 'traj-again' });
    await cli.publish('trajectory-synth.judging.requested', { jobId: 'rejudge', trajectoryJobId: 'traj' }, { id: 'rejudge' });
    const judged = await stack.finished('rejudge');
    expect(judged).toMatchObject({ kind: 'trajectory-judging', status: 'completed' });
    const all = await cli.request('trajectory-synth.trajectory.list', { jobId: 'traj', limit: 1000 });
    expect(all.trajectories).toHaveLength(new Set(all.trajectories.map((t) => t.id)).size);
    expect(all.trajectories).toHaveLength(judged.trajectories!.trajectories);
    expect(judged.trajectories!.accepted + judged.trajectories!.rejected).toBe(all.trajectories.length);
    const shown: TrajectoryRecord[] = [];
    for (const t of all.trajectories) shown.push((await cli.request('trajectory-synth.trajectory.show', { id: t.id })).trajectory);
    expect(shown.every((t) => t.verdict !== 'accepted' || t.judgement?.accepted === true)).toBe(true);
  });
});
