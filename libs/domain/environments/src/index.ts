export * from './answer/normalise-answer';
export * from './llm';
