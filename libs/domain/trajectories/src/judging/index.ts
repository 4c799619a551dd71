export * from './acceptance';
export * from './argument-schema';
export * from './grounding';
export * from './judge-answer';
export * from './judge-dimensions';
export * from './judge-prompt';
export * from './rule-checks';
export * from './trajectory-view';
