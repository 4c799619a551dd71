import { Inject, Injectable } from '@nestjs/common';
import {
  BusError,
  contentHash,
  EnvironmentContentSchema,
  type EnvCompilerJobReport,
  type EnvironmentContent,
  type EnvSynthesisRequest,
  type EnvSynthesisSummary,
} from '@astra/contracts';
import { assignSplit, unitSeed } from '@astra/domain/environments';
import { EnvironmentRepository, type SynthesisUnitEntity, type UnitRecord } from '@astra/persistence/env-compiler';
import { type JobContext, type JobDelivery, mapConcurrent } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { ENV_COMPILER_CONFIG, type EnvCompilerConfig } from '../env-compiler.config';
import { EnvCompilerJobs } from '../jobs/env-compiler-jobs';
import { DistractorPoolBuilder } from '../distractors/distractor-pool.builder';
import { SandboxToolVerifier } from '../verification/sandbox-tool-verifier';
import type { DraftOutcome, EnvironmentStrategy, SynthesisUnit } from './environment-strategy';
import { EnvironmentStrategies } from './environment-strategies';
import { summariseSynthesis } from './synthesis-summary';

/** Failing checks named in a unit's failure reason; the rest are counted. */
const CHECKS_NAMED = 3;

/**
 * An env-synthesis job: a strategy drafts each unit, the verifier's sandbox checks its tools, and an environment whose
 * every check passed is stored by content hash with the unit that made it. Units already recorded are skipped, so a
 * redelivered job (a crash, a restart) resumes without duplicating anything; distractor pools come last.
 */
@Injectable()
export class SynthesizeEnvironmentsUseCase {
  constructor(
    private readonly jobs: EnvCompilerJobs,
    private readonly environments: EnvironmentRepository,
    private readonly strategies: EnvironmentStrategies,
    private readonly verifier: SandboxToolVerifier,
    private readonly distractors: DistractorPoolBuilder,
    @Inject(ENV_COMPILER_CONFIG) private readonly config: EnvCompilerConfig,
  ) {}

  @Traced()
  async execute(request: EnvSynthesisRequest, delivery: JobDelivery): Promise<EnvCompilerJobReport> {
    return this.jobs.run('env-synthesis', request, delivery, (job) => this.synthesize(request, job));
  }

  private async synthesize(request: EnvSynthesisRequest, job: JobContext): Promise<{ synthesis: EnvSynthesisSummary }> {
    const strategy = this.strategies.pick(request.strategy);
    const total = await strategy.plan(request);
    const done = new Map((await this.environments.units(request.jobId)).map((u) => [u.unitIndex, u]));
    await job.progress(done.size, total);
    const todo = Array.from({ length: total }, (_, index) => index).filter((index) => !done.has(index));
    await mapConcurrent(todo, this.config.ENV_UNIT_CONCURRENCY, async (index) => {
      await job.checkpoint();
      const unit = await this.makeUnit(strategy, { index, seed: unitSeed(request.seed, index), request });
      done.set(index, unit);
      await job.progress(done.size);
    });
    const environments = await this.environments.ofJob(request.jobId);
    if (request.distractors) await this.distractors.build(environments, job);
    const units = [...done.values()].sort((a, b) => a.unitIndex - b.unitIndex);
    return { synthesis: summariseSynthesis(strategy.name, units, environments) };
  }

  private async makeUnit(strategy: EnvironmentStrategy, unit: SynthesisUnit): Promise<SynthesisUnitEntity> {
    const record = await this.unitRecord(strategy, unit);
    return this.environments.recordUnit(unit.request.jobId, unit.index, record, new Date().toISOString());
  }

  private async unitRecord(strategy: EnvironmentStrategy, unit: SynthesisUnit): Promise<UnitRecord> {
    const outcome = await this.draft(strategy, unit);
    if (!outcome.ok) return { outcome: 'failed', reason: outcome.reason };
    const parsed = EnvironmentContentSchema.safeParse(outcome.content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        outcome: 'failed',
        reason: `the ${strategy.name} strategy made an invalid environment: ${issue?.path.join('.')}: ${issue?.message}`,
      };
    }
    const content = parsed.data;
    const verification = await this.verifier.verify(content, outcome.scores);
    if (!verification.passed) {
      const failing = verification.checks.filter((c) => !c.passed);
      const named = failing.slice(0, CHECKS_NAMED).map((c) => `${c.tool} ${c.check}${c.detail ? `: ${c.detail}` : ''}`);
      const more = failing.length > CHECKS_NAMED ? ` (and ${failing.length - CHECKS_NAMED} more)` : '';
      return { outcome: 'failed', reason: `tool checks failed, not published: ${named.join('; ')}${more}` };
    }
    const split = assignSplit(unit.request.split, unit.request.seed, content);
    return { outcome: 'environment', environment: this.entity(content, verification), split };
  }

  /** The strategy's draft; a final fault of one unit (a refusal) is that unit's failure, a retryable one stops the job. */
  private async draft(strategy: EnvironmentStrategy, unit: SynthesisUnit): Promise<DraftOutcome> {
    try {
      return await strategy.draft(unit, this.verifier);
    } catch (error) {
      if (error instanceof BusError && !error.retryable) return { ok: false, reason: `${error.code}: ${error.message}` };
      throw error;
    }
  }

  private entity(content: EnvironmentContent, verification: Awaited<ReturnType<SandboxToolVerifier['verify']>>) {
    return {
      id: contentHash(content),
      domain: content.domain,
      language: content.language,
      scenarioType: content.scenarioType,
      strategy: content.lineage.strategy,
      hops: Math.max(...content.subTasks.map((t) => t.hop)),
      passed: 1,
      content,
      verification,
      distractors: null,
      createdAt: new Date().toISOString(),
    };
  }
}
