export * from './knowledge-base';
export * from './kb-tool.compiler';
export { indexKnowledgeBase, nameKey, type KbIndex } from './kb-index';
export { KB_RELATIONS } from './kb-paths';
export * from './generate-kb-environment';
