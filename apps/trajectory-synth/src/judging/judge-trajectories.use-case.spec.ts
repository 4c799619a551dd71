import { type AcceptanceRule, AcceptanceRuleSchema, BusError, type JudgeVerdict, type TrajectoryRecord } from '@astra/contracts';
import {
  TaskRepository,
  TRAJECTORY_SYNTH_ENTITIES,
  TRAJECTORY_SYNTH_MIGRATIONS,
  type TrajectorySynthJobRepository,
  TrajectoryRepository,
} from '@astra/persistence/trajectory-synth';
import { createTestDatabase } from '@astra/platform/database';
import { InMemoryJobTable, JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import type { Agents } from '../agents/agent';
import type { ToolExecutors } from '../executors/tool-executor';
import { TrajectorySynthJobs } from '../jobs/trajectory-synth-jobs';
import { loadTrajectorySynthConfig } from '../trajectory-synth.config';
import { TrajectoryMaker } from '../trajectories/trajectory-maker';
import { JudgeTrajectoriesUseCase } from './judge-trajectories.use-case';

const hex32 = (n: number) => n.toString(16).padStart(32, '0');

function trajectory(n: number, stop: TrajectoryRecord['stop'] = 'answered'): TrajectoryRecord {
  return {
    id: hex32(n),
    jobId: 'made',
    taskId: 'f'.repeat(64),
    executor: 'compiled',
    agent: { kind: 'oracle' },
    detours: [],
    tools: [],
    messages: [
      { role: 'user', content: 'what is 6 x 7?' },
      { role: 'assistant', content: '42' },
    ],
    calls: [],
    finalAnswer: '42',
    stop,
    verdict: stop === 'infrastructure' ? 'rejected' : 'accepted',
    timings: { startedAt: '2026-01-01T00:00:00.000Z', wallMs: 1, modelMs: 0, toolMs: 0 },
  };
}

describe('JudgeTrajectoriesUseCase', () => {
  const db = createTestDatabase('sqlite', {
    service: 'trajectory-synth',
    entities: TRAJECTORY_SYNTH_ENTITIES,
    migrations: TRAJECTORY_SYNTH_MIGRATIONS,
  });
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await db.open();
    const trajectories = new TrajectoryRepository(dataSource);
    for (const n of [1, 2, 3]) await trajectories.save(trajectory(n), `2026-01-01T00:00:0${n}.000Z`);
    await trajectories.save(trajectory(4, 'infrastructure'), '2026-01-01T00:00:04.000Z');
  });
  afterAll(() => db.cleanup());

  it('judges every trajectory again with the new rule; a redelivery after a judge outage skips what was judged', async () => {
    const asked: Array<{ question: string; minMean: number }> = [];
    let outage = true;
    const judge = {
      evaluate: async (t: { question: string }, acceptance: AcceptanceRule): Promise<JudgeVerdict> => {
        if (outage && asked.length === 2) throw new BusError('UNAVAILABLE', 'verifier down');
        asked.push({ question: t.question, minMean: acceptance.minMean });
        const mean = 0.5 + asked.length / 10;
        const accepted = mean >= acceptance.minMean;
        return { accepted, mode: 'model', rules: [], dimensions: [], mean, reasons: accepted ? [] : ['mean'], judgedAt: 'now' };
      },
    };
    const maker = new TrajectoryMaker({} as ToolExecutors, {} as Agents, judge);
    const config = loadTrajectorySynthConfig({ ASTRA_INSECURE_LOCAL_BUS: 'true', TRAJ_CONCURRENCY: '1' });
    const jobs = new TrajectorySynthJobs(
      new JobRunner(new WorkCancellation()),
      new InMemoryJobTable() as unknown as TrajectorySynthJobRepository,
    );
    const trajectories = new TrajectoryRepository(dataSource);
    const run = new JudgeTrajectoriesUseCase(jobs, trajectories, new TaskRepository(dataSource), maker, config);
    const request = { jobId: 'rejudge', trajectoryJobId: 'made', acceptance: AcceptanceRuleSchema.parse({ minMean: 0.75 }) };

    await expect(run.execute(request, { deliveryCount: 1, lastDelivery: false })).rejects.toMatchObject({ retryable: true });
    outage = false;
    const report = await run.execute(request, { deliveryCount: 2, lastDelivery: false });
    // Three answered trajectories judged once each (means .6, .7, .8); the infrastructure one stays rejected unjudged.
    expect(asked.map((a) => a.question)).toEqual(['what is 6 x 7?', 'what is 6 x 7?', 'what is 6 x 7?']);
    expect(report.trajectories).toMatchObject({ trajectories: 4, accepted: 1, rejected: 3, failed: 1 });
    const heads = await trajectories.headsOf('made');
    expect(heads.map((h) => [h.verdict, h.mean])).toEqual([
      ['rejected', 0.6],
      ['rejected', 0.7],
      ['accepted', 0.8],
      ['rejected', null],
    ]);
  });
});
