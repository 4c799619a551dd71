import { Inject, Injectable } from '@nestjs/common';
import {
  BusError,
  type TrajectorySynthesisRequest,
  type TrajectorySynthesisSummary,
  type TrajectorySynthJobReport,
} from '@astra/contracts';
import { TrajectoryRepository } from '@astra/persistence/trajectory-synth';
import { type JobContext, type JobDelivery, mapConcurrent } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { TrajectorySynthJobs } from '../jobs/trajectory-synth-jobs';
import { TRAJ_LLM_ROLES, TrajLlm } from '../llm/traj-llm';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig } from '../trajectory-synth.config';
import { TaskSelector } from './task-selector';
import { agentFor, executorFor, trajectoryId, trajectorySeed } from './trajectory-choice';
import { TrajectoryMaker, type TrajectorySlot } from './trajectory-maker';
import { summariseTrajectories } from './trajectory-summary';

/**
 * A trajectory-synthesis job: each selected task is solved `perTask` times, judged, and stored under an id derived
 * from (job, task, attempt). Ids already stored are skipped, so a redelivered job resumes without losing or
 * duplicating trajectories.
 */
@Injectable()
export class SynthesizeTrajectoriesUseCase {
  constructor(
    private readonly jobs: TrajectorySynthJobs,
    private readonly trajectories: TrajectoryRepository,
    private readonly selector: TaskSelector,
    private readonly maker: TrajectoryMaker,
    private readonly llm: TrajLlm,
    @Inject(TRAJECTORY_SYNTH_CONFIG) private readonly config: TrajectorySynthConfig,
  ) {}

  @Traced()
  async execute(request: TrajectorySynthesisRequest, delivery: JobDelivery): Promise<TrajectorySynthJobReport> {
    return this.jobs.run('trajectory-synthesis', request, delivery, (job) => this.synthesize(request, job));
  }

  private async synthesize(request: TrajectorySynthesisRequest, job: JobContext): Promise<{ trajectories: TrajectorySynthesisSummary }> {
    const slots = await this.slots(request);
    const stored = new Set((await this.trajectories.headsOf(request.jobId)).map((h) => h.id));
    let done = slots.filter((s) => stored.has(s.id)).length;
    await job.progress(done, slots.length);
    const todo = slots.filter((s) => !stored.has(s.id));
    await mapConcurrent(todo, this.config.TRAJ_CONCURRENCY, async (slot) => {
      await job.checkpoint();
      const record = await this.maker.make(slot, request);
      await this.trajectories.save(record, new Date().toISOString());
      done += 1;
      await job.progress(done);
    });
    return { trajectories: summariseTrajectories(await this.trajectories.headsOf(request.jobId)) };
  }

  private async slots(request: TrajectorySynthesisRequest): Promise<TrajectorySlot[]> {
    const hasModel = this.llm.has(TRAJ_LLM_ROLES.agent);
    const agent = agentFor(request.agent, hasModel);
    if (agent === 'model' && !hasModel) {
      // A final refusal: without the role every model trajectory would fail the same way.
      this.llm.require('the model agent', TRAJ_LLM_ROLES.agent);
      throw new BusError('VALIDATION_FAILED', 'the model agent needs the agent LLM role');
    }
    const tasks = await this.selector.select(request.tasks);
    return tasks.flatMap((task) =>
      Array.from({ length: request.perTask }, (_, attempt) => {
        const id = trajectoryId(request.jobId, task.id, attempt);
        return { task, id, seed: trajectorySeed(request.seed, id), executor: executorFor(request.executor, task), agent };
      }),
    );
  }
}
