import { Injectable } from '@nestjs/common';
import type { EnvironmentEntity } from '@astra/persistence/env-compiler';
import { EnvironmentRepository } from '@astra/persistence/env-compiler';
import type { JobContext } from '@astra/platform/jobs';
import { Traced } from '@astra/platform/telemetry';
import { EnvLlm } from '../synthesis/env-llm';

/** Distractor pools by similarity band for a job's environments (embeddings through the LLM client, lexical without). */
@Injectable()
export class DistractorPoolBuilder {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly llm: EnvLlm,
  ) {}

  @Traced()
  async build(rows: readonly EnvironmentEntity[], job: JobContext): Promise<void> {
    // Filled in when the pool computation lands (libs/domain/environments/src/distractors).
    void rows;
    void job;
    void this.environments;
    void this.llm;
  }
}
