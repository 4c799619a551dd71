// The API the rollout-broker builds on. Helpers replace each declaration with its implementation module (and
// re-export it from index.ts); this file goes away once all are implemented.
import type {
  CallStatus,
  DistractorPools,
  DistractorSettings,
  EnvironmentContent,
  EnvTool,
  OfferedTool,
  RewardBreakdown,
  RewardKind,
  SandboxResult,
  SimilarityBand,
  SubTask,
} from '@astra/contracts';

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

export declare function scoreTrajectory(task: RewardTask, calls: ScoredCall[], finalAnswer: string, kind: RewardKind): RewardBreakdown;

/** How a sandbox result reads to the policy and to the reward. */
export interface Observation {
  status: CallStatus;
  observation: string;
  resultText: string;
}
export declare function observeResult(result: SandboxResult): Observation;
export declare function unknownToolObservation(name: string): Observation;
export declare function invalidArgumentsObservation(detail: string): Observation;

/** A distractor drawn for one episode. */
export interface DrawnDistractor {
  environmentId: string;
  tool: string;
  band: SimilarityBand;
}
/** Up to settings.perBand per band from the pools, seeded, skipping names in `taken` (and duplicates). */
export declare function drawDistractors(
  pools: DistractorPools | undefined,
  settings: DistractorSettings,
  seed: number,
  taken: ReadonlySet<string>,
): DrawnDistractor[];
/** The OpenAI tool entry of an environment tool. */
export declare function offeredTool(tool: EnvTool): OfferedTool;
/** A seeded shuffle (Fisher-Yates over a seeded generator). */
export declare function seededShuffle<T>(items: readonly T[], seed: number): T[];

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

/** Mean and population standard deviation. */
export declare function groupStats(rewards: readonly number[]): { mean: number; std: number };
export declare function isSubTaskTooled(subTask: SubTask): boolean;

/** An episode's id: 32 hex digits of sha256(jobId, groupIndex, sample), so a redelivered batch finds it again. */
export declare function episodeId(jobId: string, groupIndex: number, sample: number): string;
/** An episode's seed from the batch seed, its group and its sample (distractor draw, shuffle, oracle errors). */
export declare function episodeSeed(batchSeed: number, groupIndex: number, sample: number): number;
/** The environment of group k: environments in a seeded order, a fresh order each pass over the set. */
export declare function groupEnvironment(environmentIds: readonly string[], batchSeed: number, groupIndex: number): string;
