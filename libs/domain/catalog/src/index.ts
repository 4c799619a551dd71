export * from './catalog.types';
export * from './jsonl';
export * from './json-schema.normalizer';
export * from './mcp-tool.mapper';
export * from './openai-tool.mapper';
export * from './astra-row.mapper';
export * from './group-by-server';
export * from './catalog-filter';
