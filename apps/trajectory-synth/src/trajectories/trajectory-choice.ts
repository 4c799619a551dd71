import { type AgentKind, contentHash, type ExecutorKind, type TaskRecord, type TrajectorySynthesisRequest } from '@astra/contracts';

/** The executor of a task: the one asked for, or with `auto` compiled tools for an environment task and real MCP servers otherwise. */
export function executorFor(asked: TrajectorySynthesisRequest['executor'], task: TaskRecord): ExecutorKind {
  if (asked !== 'auto') return asked;
  return task.source.kind === 'environment' ? 'compiled' : 'mcp';
}

/** The agent of a job: the one asked for, or with `auto` a model when the agent role is configured, else the oracle. */
export function agentFor(asked: TrajectorySynthesisRequest['agent'], hasAgentModel: boolean): AgentKind {
  if (asked !== 'auto') return asked;
  return hasAgentModel ? 'model' : 'oracle';
}

/** 32 hex digits from (job, task, attempt): a resumed job finds what it made. */
export function trajectoryId(jobId: string, taskId: string, attempt: number): string {
  return contentHash({ jobId, taskId, attempt }).slice(0, 32);
}

/** The seed of one trajectory: the job's seed mixed with its id, so attempts of one task differ and reruns repeat. */
export function trajectorySeed(jobSeed: number, id: string): number {
  return (jobSeed + Number.parseInt(id.slice(0, 7), 16)) % 2 ** 31;
}
