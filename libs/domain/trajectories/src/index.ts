/**
 * Trajectories, pure: task writing and scoring rules, the oracle's plan, rule checks of judged trajectories, and the
 * SFT export formats. Each area adds its exports below.
 */
export * from './agents';
export * from './export';
export * from './judging';
export * from './tasks';
