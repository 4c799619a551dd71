import { Inject, Injectable } from '@nestjs/common';
import { BusError, type EnvSynthesisRequest } from '@astra/contracts';
import { ENVIRONMENT_STRATEGIES, type EnvironmentStrategy } from './environment-strategy';
import { ENV_LLM_ROLES, EnvLlm } from './env-llm';

/** The strategies this service runs, and which one a request gets. */
@Injectable()
export class EnvironmentStrategies {
  constructor(
    @Inject(ENVIRONMENT_STRATEGIES) private readonly strategies: readonly EnvironmentStrategy[],
    private readonly llm: EnvLlm,
  ) {}

  /** `auto` is llm when a QA generator model is configured, else kb (the no-model default). */
  pick(requested: EnvSynthesisRequest['strategy']): EnvironmentStrategy {
    const name = requested === 'auto' ? (this.llm.has(ENV_LLM_ROLES.qaGenerator) ? 'llm' : 'kb') : requested;
    const strategy = this.strategies.find((s) => s.name === name);
    if (!strategy) throw new BusError('VALIDATION_FAILED', `env-compiler runs no ${name} strategy`);
    return strategy;
  }
}
