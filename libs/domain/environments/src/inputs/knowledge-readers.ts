// Readers of ASTRA's knowledge files as they are: domains.jsonl, questions.jsonl, context files and taxonomy
// JSON. They take file text (callers read the files) and return the contract's inputs, or throw one
// InputFileError naming every bad line. Limits are the contract's, read from its schemas.
import { KnowledgeDomainSchema, KnowledgeQuestionSchema, type KnowledgeDomain, type KnowledgeQuestion } from '@astra/contracts';
import { IssueCollector } from './input-issues';
import { describe, isObject, type JsonLine, parseJsonLines, stripBom } from './json-lines';

const DOMAIN_MAX = KnowledgeDomainSchema.shape.domain.maxLength ?? 200;
const CORPUS_MAX = KnowledgeDomainSchema.shape.knowledgeCorpus.unwrap().maxLength ?? 50_000;
const QUESTION_MAX = KnowledgeQuestionSchema.shape.question.maxLength ?? 4000;

/** Where a record came from, for messages: a line of a JSONL file or a path in a JSON document. */
export interface RecordPlace {
  readonly file: string;
  readonly line?: number;
  readonly at?: string;
}

/** A JSON object and where it came from. */
export interface PlacedObject {
  readonly place: RecordPlace;
  readonly value: Record<string, unknown>;
}

function text(
  obj: Record<string, unknown>,
  key: string,
  max: number,
  place: RecordPlace,
  issues: IssueCollector,
  required: boolean,
): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') {
    if (required) issues.add({ ...place, message: `"${key}" is missing or empty` });
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.add({ ...place, message: `"${key}" must be a string, got ${describe(value)}` });
    return undefined;
  }
  const trimmed = key === 'knowledge_corpus' ? value : value.trim();
  if (trimmed.length > max) {
    issues.add({ ...place, message: `"${key}" has ${trimmed.length} characters, more than the ${max} allowed` });
    return undefined;
  }
  if (required && trimmed === '') issues.add({ ...place, message: `"${key}" is blank` });
  return trimmed === '' ? undefined : trimmed;
}

/** Domains from objects with `domain` and (optional unless `corpusRequired`) `knowledge_corpus`. */
export function collectDomains(objects: readonly PlacedObject[], issues: IssueCollector, corpusRequired: boolean): KnowledgeDomain[] {
  const domains: KnowledgeDomain[] = [];
  for (const { place, value } of objects) {
    const before = issues.count;
    const domain = text(value, 'domain', DOMAIN_MAX, place, issues, true);
    const corpus = text(value, 'knowledge_corpus', CORPUS_MAX, place, issues, corpusRequired);
    if (issues.count === before && domain !== undefined)
      domains.push(corpus === undefined ? { domain } : { domain, knowledgeCorpus: corpus });
  }
  return domains;
}

/** Questions from objects with `question` and `domain`. */
export function collectQuestions(objects: readonly PlacedObject[], issues: IssueCollector): KnowledgeQuestion[] {
  const questions: KnowledgeQuestion[] = [];
  for (const { place, value } of objects) {
    const before = issues.count;
    const question = text(value, 'question', QUESTION_MAX, place, issues, true);
    const domain = text(value, 'domain', DOMAIN_MAX, place, issues, true);
    if (issues.count === before && question !== undefined && domain !== undefined) questions.push({ question, domain });
  }
  return questions;
}

/** JSONL objects placed by line. */
export function placedLines(lines: readonly JsonLine[], file: string): PlacedObject[] {
  return lines.map(({ line, value }) => ({ place: { file, line }, value }));
}

/** ASTRA's `domains.jsonl`: one `{"domain", "knowledge_corpus"}` per line (an empty corpus means none). */
export function readDomainsJsonl(source: string, file = 'domains.jsonl'): KnowledgeDomain[] {
  const issues = new IssueCollector();
  const domains = collectDomains(placedLines(parseJsonLines(source, file, issues), file), issues, false);
  issues.throwIfAny();
  return domains;
}

/** ASTRA's `questions.jsonl`: one `{"question", "domain"}` per line (other fields are ignored). */
export function readQuestionsJsonl(source: string, file = 'questions.jsonl'): KnowledgeQuestion[] {
  const issues = new IssueCollector();
  const questions = collectQuestions(placedLines(parseJsonLines(source, file, issues), file), issues);
  issues.throwIfAny();
  return questions;
}

/** The objects of a context file: a JSON array, one JSON object, or JSONL. */
export function contextObjects(source: string, file: string, issues: IssueCollector): PlacedObject[] {
  const whole = tryParse(source);
  if (whole.ok && Array.isArray(whole.value)) {
    return whole.value.flatMap((value, i) => {
      if (isObject(value)) return [{ place: { file, at: `[${i}]` }, value }];
      issues.add({ file, at: `[${i}]`, message: `expected a JSON object, got ${describe(value)}` });
      return [];
    });
  }
  if (whole.ok && isObject(whole.value)) return [{ place: { file, line: 1 }, value: whole.value }];
  return placedLines(parseJsonLines(source, file, issues), file);
}

/** A context file (JSON or JSONL objects with `domain` and a non-empty `knowledge_corpus`). */
export function readContextFile(source: string, file = 'context.jsonl'): KnowledgeDomain[] {
  const issues = new IssueCollector();
  const domains = collectDomains(contextObjects(source, file, issues), issues, true);
  issues.throwIfAny();
  return domains;
}

/** The whole text as one JSON value, when it is one. */
export function tryParse(source: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(stripBom(source)) };
  } catch {
    return { ok: false };
  }
}
