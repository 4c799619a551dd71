import { Inject, Injectable } from '@nestjs/common';
import { BusError, type TaskRecord } from '@astra/contracts';
import { planProblem } from '@astra/domain/trajectories';
import type { ExecutorSession } from '../executors/tool-executor';
import type { Agent, AgentOptions, AgentRun } from './agent';
import { AGENT_CLOCK, type AgentClock } from './agent-clock';
import { OracleRun } from './oracle-run';

/**
 * The no-model agent: solves a task from its known plan, executing every call for real through the session (see
 * OracleRun). A task without a plan, or with a plan that cannot run (unknown prerequisites, a cycle), is refused.
 */
@Injectable()
export class OracleAgent implements Agent {
  readonly kind = 'oracle' as const;

  constructor(@Inject(AGENT_CLOCK) private readonly clock: AgentClock) {}

  async solve(task: TaskRecord, session: ExecutorSession, options: AgentOptions): Promise<AgentRun> {
    const name = `task ${task.id.slice(0, 12)}`;
    if (task.plan === undefined)
      throw new BusError(
        'VALIDATION_FAILED',
        `the oracle agent solves a task from its known plan, and ${name} has none (use the model agent)`,
      );
    const problem = planProblem(task.plan);
    if (problem !== null) throw new BusError('VALIDATION_FAILED', `the oracle agent cannot run the plan of ${name}: ${problem}`);
    return new OracleRun(task, task.plan, session, options, this.clock).execute();
  }
}
