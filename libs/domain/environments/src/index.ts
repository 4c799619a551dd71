export * from './answer/normalise-answer';
export * from './verification/tool-checks';
export * from './synthesis/run-split';
export * from './llm';
