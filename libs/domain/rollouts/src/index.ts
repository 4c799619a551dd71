/**
 * Rollouts, pure: the trajectory reward (what "solved" means, F1 and its halves), observations of tool results,
 * distractor draws per episode, the oracle policy's turns, group statistics and the batch plan.
 */
export * from './reward/reward.types';
export * from './reward/arguments-fit';
export * from './reward/solved-sub-tasks';
export * from './reward/score-trajectory';
export * from './observation/observe-result';
export * from './distractors/seeded-shuffle';
export * from './distractors/draw-distractors';
export * from './groups/group-stats';
export * from './plan/batch-plan';
export * from './oracle/oracle-turn';
