export * from './llm-server.types';
export * from './llm-test-server';
export { hashingEmbedding, countTokens } from './completion-builder';
export { ruleMatches } from './rule-matcher';
