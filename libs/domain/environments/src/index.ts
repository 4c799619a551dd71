export * from './answer/normalise-answer';
export * from './distractors/tool-document';
export * from './distractors/distractor-pools';
export * from './export/environment-jsonl';
export * from './export/astra-record';
export { InputFileError, type InputIssue, MAX_REPORTED_ISSUES } from './inputs/input-issues';
export { readContextFile, readDomainsJsonl, readQuestionsJsonl } from './inputs/knowledge-readers';
export { readTaxonomy } from './inputs/taxonomy-reader';
export * from './inputs/read-knowledge-inputs';
