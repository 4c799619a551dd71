export * from './export-conversation.util';
export * from './openai-format';
export * from './astra-format';
export * from './sharegpt-format';
export * from './trl-format';
export * from './export-line';
export * from './split.util';
export * from './export-statistics';
