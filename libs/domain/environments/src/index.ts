export * from './answer/normalise-answer';
