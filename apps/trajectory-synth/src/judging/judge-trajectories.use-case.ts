import { Inject, Injectable } from '@nestjs/common';
import { BusError, type PayloadOf, type Registry, type TrajectorySynthesisSummary, type TrajectorySynthJobReport } from '@astra/contracts';
import { TaskRepository, TrajectoryRepository, type RecordPosition, type TrajectoryEntity } from '@astra/persistence/trajectory-synth';
import { type JobContext, type JobDelivery, mapConcurrent } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { TrajectorySynthJobs } from '../jobs/trajectory-synth-jobs';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig } from '../trajectory-synth.config';
import { TrajectoryMaker } from '../trajectories/trajectory-maker';
import { summariseTrajectories } from '../trajectories/trajectory-summary';

type JudgingRequest = PayloadOf<Registry, 'trajectory-synth.judging.requested'>;

/** Trajectories read from the database at once (records can be large). */
const PAGE = 100;

/**
 * A trajectory-judging job: every trajectory of a synthesis job is judged again with a new acceptance rule, and the
 * new judgement and verdict stored with a row saying this job did it, so a redelivered job skips what it judged.
 */
@Injectable()
export class JudgeTrajectoriesUseCase {
  constructor(
    private readonly jobs: TrajectorySynthJobs,
    private readonly trajectories: TrajectoryRepository,
    private readonly tasks: TaskRepository,
    private readonly maker: TrajectoryMaker,
    @Inject(TRAJECTORY_SYNTH_CONFIG) private readonly config: TrajectorySynthConfig,
  ) {}

  @Traced()
  async execute(request: JudgingRequest, delivery: JobDelivery): Promise<TrajectorySynthJobReport> {
    return this.jobs.run('trajectory-judging', request, delivery, (job) => this.judge(request, job));
  }

  private async judge(request: JudgingRequest, job: JobContext): Promise<{ trajectories: TrajectorySynthesisSummary }> {
    const heads = await this.trajectories.headsOf(request.trajectoryJobId);
    if (heads.length === 0) throw new BusError('NOT_FOUND', `trajectory job ${request.trajectoryJobId} has no trajectories`);
    const judged = new Set((await this.trajectories.judgedBy(request.jobId)).map((j) => j.trajectoryId));
    await job.progress(judged.size, heads.length);
    let after: RecordPosition | undefined;
    for (;;) {
      const page = await this.trajectories.ofJob(request.trajectoryJobId, after, PAGE);
      await mapConcurrent(
        page.filter((row) => !judged.has(row.id)),
        this.config.TRAJ_CONCURRENCY,
        async (row) => {
          await job.checkpoint();
          await this.rejudge(request, row);
          judged.add(row.id);
          await job.progress(judged.size);
        },
      );
      const last = page.at(-1);
      if (page.length < PAGE || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const verdicts = new Map((await this.trajectories.judgedBy(request.jobId)).map((j) => [j.trajectoryId, j.verdict]));
    return { trajectories: summariseTrajectories(heads.map((h) => ({ ...h, verdict: verdicts.get(h.id) ?? h.verdict }))) };
  }

  private async rejudge(request: JudgingRequest, row: TrajectoryEntity): Promise<void> {
    const task = await this.tasks.findByPrefix(row.taskId);
    // The question is the task's; a trajectory whose task is gone is judged on its own first user message.
    const first = row.record.messages.find((m) => m.role === 'user');
    const question = task && task !== 'ambiguous' ? task.question : typeof first?.content === 'string' ? first.content : '';
    const { judgement: _old, ...record } = row.record;
    const next = await this.maker.judged(record, { question }, request.acceptance);
    await this.trajectories.saveJudgement(request.jobId, next, new Date().toISOString());
  }
}
