import type { CallStatus, EnvironmentContent } from '@astra/contracts';

/** A call as the reward sees it. */
export interface ScoredCall {
  id: string;
  tool: string;
  arguments: Record<string, unknown> | null;
  status: CallStatus;
  /** The result as text (empty unless status is ok). */
  resultText: string;
}

/** What the reward needs of an environment. */
export type RewardTask = Pick<EnvironmentContent, 'subTasks' | 'finalAnswer'>;
