export * from './answer/normalise-answer';
export * from './kb';
export * from './verification/tool-checks';
export * from './synthesis/run-split';
