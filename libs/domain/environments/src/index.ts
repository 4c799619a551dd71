export * from './answer/normalise-answer';
export * from './kb';
