import type { EnvironmentContentInput, EnvStrategy, EnvSynthesisRequest, EnvVerification, QaScores } from '@astra/contracts';

/** One unit of a synthesis job: at most one environment. Units are numbered from 0; a unit's seed is derived from the job's. */
export interface SynthesisUnit {
  readonly index: number;
  readonly seed: number;
  readonly request: EnvSynthesisRequest;
}

/** What a strategy made of a unit: an environment to check and publish, or a recorded failure (never a default). */
export type DraftOutcome =
  | { readonly ok: true; readonly content: EnvironmentContentInput; readonly scores?: QaScores }
  | { readonly ok: false; readonly reason: string };

/** Runs an environment's tool checks in the verifier's sandbox (a strategy may use it to repair code before it answers). */
export interface ToolVerifierPort {
  verify(content: EnvironmentContentInput): Promise<EnvVerification>;
}

/** A way of making environments: kb (knowledge data, no model) or llm (the paper's pipeline through the LLM client). */
export interface EnvironmentStrategy {
  readonly name: EnvStrategy;
  /** The number of units the job has (count, or fewer when the inputs cannot make more); called once per delivery. */
  plan(request: EnvSynthesisRequest): Promise<number>;
  /** Makes unit `unit.index`; the same unit of the same request makes the same draft (kb), or one from the same inputs (llm). */
  draft(unit: SynthesisUnit, verifier: ToolVerifierPort): Promise<DraftOutcome>;
}

/** Injection token of the strategies, keyed by name. */
export const ENVIRONMENT_STRATEGIES = Symbol.for('astra.env-compiler.strategies');
