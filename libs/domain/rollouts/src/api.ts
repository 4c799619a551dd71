// The part of the API not implemented yet: its implementation module replaces it (and is re-exported from
// index.ts); this file goes away then.
import type { EnvironmentContent } from '@astra/contracts';
import type { ScoredCall } from './reward/reward.types';

/** The oracle policy's next turn: calls (parallel) or a final answer. */
export interface OracleTurn {
  content: string;
  calls: { name: string; arguments: Record<string, unknown> }[];
}
export declare function oracleTurn(
  env: Pick<EnvironmentContent, 'subTasks' | 'finalAnswer' | 'tools'>,
  history: ScoredCall[],
  offered: readonly string[],
  noise: number,
  seed: number,
  turn: number,
): OracleTurn;
