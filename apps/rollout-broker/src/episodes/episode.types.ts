import type {
  EnvironmentRecord,
  EnvTool,
  EpisodeLimits,
  EpisodeRecord,
  OfferedTool,
  PolicySpec,
  RewardKind,
  SimilarityBand,
  TurnTokens,
  WireMessage,
} from '@astra/contracts';
import type { ScoredCall } from '@astra/domain/rollouts';
import type { ToolCall } from '@astra/platform/llm';

/** What a policy is asked for one turn. */
export interface PolicyTurnRequest {
  readonly messages: readonly WireMessage[];
  readonly tools: readonly OfferedTool[];
  /** The environment (the oracle policy reads its decomposition; endpoint policies ignore it). */
  readonly environment: EnvironmentRecord;
  readonly episodeSeed: number;
  readonly turn: number;
  /** The calls made so far, as the reward sees them (the oracle policy plans from them). */
  readonly history: readonly ScoredCall[];
  /** Completion tokens left in the episode's budget. */
  readonly tokensLeft: number;
}

/** One policy turn, as the episode records it. */
export interface PolicyTurn {
  readonly content: string;
  readonly reasoning: string | null;
  readonly toolCalls: readonly ToolCall[];
  readonly finishReason: string | null;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly latencyMs: number;
  readonly tokens?: TurnTokens;
  /** The assistant message to append to the conversation. */
  readonly message: WireMessage;
}

/**
 * A policy: an OpenAI-compatible endpoint or the oracle. `turn` throws a BusError for an infrastructure fault that
 * outlived its retries (the endpoint down, a body of the wrong shape); garbage *text* is a turn, never an error.
 */
export interface Policy {
  readonly spec: PolicySpec;
  turn(request: PolicyTurnRequest): Promise<PolicyTurn>;
}

/** Makes the policy of a batch; refuses (VALIDATION_FAILED) an endpoint on a host the broker does not allow. */
export interface PolicyFactoryPort {
  create(spec: PolicySpec): Policy;
}

/** A distractor tool drawn for an episode, with its code (it runs in the episode's session like the env's own). */
export interface DistractorTool {
  readonly environmentId: string;
  readonly band: SimilarityBand;
  readonly tool: EnvTool;
}

/** Everything one episode needs. */
export interface EpisodeInput {
  readonly jobId: string;
  readonly groupIndex: number;
  readonly sample: number;
  /** 32 hex digits (episodeId in @astra/domain/rollouts). */
  readonly episodeId: string;
  readonly seed: number;
  readonly environment: EnvironmentRecord;
  /** Candidate distractors (already drawn for this episode's seed). */
  readonly distractors: readonly DistractorTool[];
  readonly policy: Policy;
  readonly limits: EpisodeLimits;
  readonly reward: RewardKind;
}

/**
 * Runs one episode to its end and returns its record: completed and scored, or failed-infrastructure when a sandbox
 * or policy fault outlived its retries. It throws only when the service is stopping (the batch is redelivered).
 */
export interface EpisodeRunnerPort {
  run(input: EpisodeInput, signal?: AbortSignal): Promise<EpisodeRecord>;
}
