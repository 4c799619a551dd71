/**
 * Rollouts, pure: the trajectory reward (what "solved" means, F1 and its halves), observations of tool results,
 * distractor draws per episode, the oracle policy's turns, group statistics and the batch plan.
 */
export * from './api';
