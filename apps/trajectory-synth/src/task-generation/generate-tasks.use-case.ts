import { Inject, Injectable } from '@nestjs/common';
import { BusError, type TaskGenerationRequest, type TaskGenerationSummary, type TrajectorySynthJobReport } from '@astra/contracts';
import { NearDuplicateIndex } from '@astra/domain/trajectories';
import { TaskRepository, type TaskUnitOutcome } from '@astra/persistence/trajectory-synth';
import { type JobContext, type JobDelivery, mapConcurrent } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { TrajectorySynthJobs } from '../jobs/trajectory-synth-jobs';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig } from '../trajectory-synth.config';
import { TaskGenerator } from '../tasks/task-generator';
import { summariseTasks } from './task-generation-summary';

/**
 * A task-generation job: the generator makes each unit's tasks, stored with the unit in one transaction. Units already
 * recorded are skipped, so a redelivered job (a crash, a restart) resumes without duplicating anything.
 */
@Injectable()
export class GenerateTasksUseCase {
  constructor(
    private readonly jobs: TrajectorySynthJobs,
    private readonly tasks: TaskRepository,
    private readonly generator: TaskGenerator,
    @Inject(TRAJECTORY_SYNTH_CONFIG) private readonly config: TrajectorySynthConfig,
  ) {}

  @Traced()
  async execute(request: TaskGenerationRequest, delivery: JobDelivery): Promise<TrajectorySynthJobReport> {
    return this.jobs.run('task-generation', request, delivery, (job) => this.generate(request, job));
  }

  private async generate(request: TaskGenerationRequest, job: JobContext): Promise<{ tasks: TaskGenerationSummary }> {
    const { units: total, strategy } = await this.generator.plan(request);
    const done = new Set((await this.tasks.units(request.jobId)).map((u) => u.unitIndex));
    // The job's near-duplicate index starts from what it kept already (a redelivery resumes with it).
    const seen = new NearDuplicateIndex();
    for (const task of await this.tasks.ofJob(request.jobId, true)) seen.add(task.question);
    await job.progress(done.size, total);
    const todo = Array.from({ length: total }, (_, index) => index).filter((index) => !done.has(index));
    await mapConcurrent(todo, this.config.TRAJ_CONCURRENCY, async (index) => {
      await job.checkpoint();
      const outcome = await this.unit(request, index, seen);
      await this.tasks.recordUnit(request.jobId, index, outcome, new Date().toISOString());
      done.add(index);
      await job.progress(done.size);
    });
    const units = await this.tasks.units(request.jobId);
    return { tasks: summariseTasks(strategy, units, await this.tasks.ofJob(request.jobId)) };
  }

  /** One unit's tasks; a final fault of the unit (a refusal of its input) is its outcome, a retryable one stops the job. */
  private async unit(request: TaskGenerationRequest, index: number, seen: NearDuplicateIndex): Promise<TaskUnitOutcome> {
    try {
      const tasks = await this.generator.make(request, index, seen);
      // A task belongs to the job that made it, whatever the generator filled in.
      return { tasks: tasks.map((task) => ({ ...task, jobId: request.jobId })) };
    } catch (error) {
      if (error instanceof BusError && !error.retryable) return { reason: `${error.code}: ${error.message}` };
      throw error;
    }
  }
}
