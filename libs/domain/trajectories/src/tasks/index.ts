export * from './near-duplicate';
