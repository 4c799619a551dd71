import { BusError, type TaskScores, type TaskThresholds } from '@astra/contracts';
import {
  mentionedToolNames,
  type PromptMessage,
  scoresFromRatings,
  scorePrompt,
  TaskRatingsSchema,
  thresholdFailure,
  WrittenTaskSchema,
} from '@astra/domain/trajectories';
import type { ToolSpec } from '@astra/domain/tool-graph';
import type { LlmClient } from '@astra/platform/llm';

export { TRAJECTORY_LLM_CLIENT } from '../llm/traj-llm';

/** LLM roles of task generation. */
export const TASK_ROLES = { writer: 'task_writer', scorer: 'task_scorer' } as const;

/** A written question, or why there is none (a recorded rejection, never an exception). */
export type Written = { ok: true; question: string } | { ok: false; reason: string };

/** Scores and the verdict they give, or why there are none. */
export type Scored = { ok: true; scores: TaskScores; rejectReason?: string } | { ok: false; reason: string };

/** A model failure as a reject reason: an answer that did not parse, or the API failing. */
function failure(error: unknown, unparseable: string): string {
  if (error instanceof BusError && error.code === 'LLM_OUTPUT_INVALID') return unparseable;
  if (error instanceof BusError) return `llm unavailable: ${error.code}`;
  return `llm unavailable: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}

/** Writes and scores questions through the task_writer and task_scorer roles (the scorer falls back to the writer). */
export class TaskLlm {
  constructor(
    private readonly client: LlmClient,
    private readonly context: { runId: string },
  ) {}

  get model(): string {
    return this.client.config.roles[TASK_ROLES.writer]?.model ?? 'unknown';
  }

  /** A question from a prompt; one naming a tool is refused. */
  async write(messages: PromptMessage[], tools: readonly ToolSpec[]): Promise<Written> {
    try {
      const { value } = await this.client.structured(
        TASK_ROLES.writer,
        WrittenTaskSchema,
        { messages },
        { ...this.context, stage: 'task-write' },
      );
      const named = mentionedToolNames(
        value.question,
        tools.map((t) => t.name),
      );
      if (named.length > 0) return { ok: false, reason: `tool name in question: ${named.join(', ')}` };
      return { ok: true, question: value.question };
    } catch (error) {
      return { ok: false, reason: failure(error, 'unparseable task') };
    }
  }

  /** The question's scores against the thresholds; scores that do not parse reject it (never a default score). */
  async score(question: string, tools: readonly ToolSpec[], thresholds: TaskThresholds): Promise<Scored> {
    const role = this.client.hasRole(TASK_ROLES.scorer) ? TASK_ROLES.scorer : TASK_ROLES.writer;
    try {
      const { value } = await this.client.structured(
        role,
        TaskRatingsSchema,
        { messages: scorePrompt(question, tools) },
        {
          ...this.context,
          stage: 'task-score',
        },
      );
      const scores = scoresFromRatings(value);
      const low = thresholdFailure(scores, thresholds);
      return low === undefined ? { ok: true, scores } : { ok: true, scores, rejectReason: low };
    } catch (error) {
      return { ok: false, reason: failure(error, 'unparseable scores') };
    }
  }
}
