import type { KnowledgeDomain, KnowledgeQuestion } from '@astra/contracts';
import { IssueCollector } from './input-issues';
import { isObject, parseJsonLines } from './json-lines';
import { collectDomains, collectQuestions, contextObjects, placedLines, tryParse } from './knowledge-readers';
import { collectTaxonomy } from './taxonomy-reader';

/** What a knowledge file holds, told by its shape (never by its name). */
export type KnowledgeFileKind = 'domains' | 'questions' | 'context' | 'taxonomy';

/** One input file: its name (for messages) and its text. */
export interface KnowledgeFile {
  readonly name: string;
  readonly text: string;
}

/** Everything read from a set of knowledge files, and what each file was taken for. */
export interface KnowledgeInputs {
  readonly domains: KnowledgeDomain[];
  readonly questions: KnowledgeQuestion[];
  readonly files: { readonly name: string; readonly kind: KnowledgeFileKind; readonly records: number }[];
}

function kindOfRecord(value: Record<string, unknown>): 'questions' | 'domains' | undefined {
  if ('question' in value) return 'questions';
  if ('domain' in value) return 'domains';
  return undefined;
}

/**
 * The kind of a knowledge file from its shape: JSONL of `{question, domain}` (questions) or `{domain,
 * knowledge_corpus}` (domains); a JSON array or single object of domain records (context); any other JSON object
 * (a taxonomy). Undefined when the shape fits none of them.
 */
export function detectKnowledgeFileKind(text: string): KnowledgeFileKind | undefined {
  const whole = tryParse(text);
  if (whole.ok && Array.isArray(whole.value)) {
    const first: unknown = whole.value.find(isObject);
    const kind = isObject(first) ? kindOfRecord(first) : undefined;
    return kind === 'domains' ? 'context' : kind;
  }
  if (whole.ok && isObject(whole.value)) {
    const kind = kindOfRecord(whole.value);
    if (kind === 'questions') return kind;
    return kind === 'domains' ? 'context' : 'taxonomy';
  }
  // JSONL: the first line that is an object decides; bad lines are reported when the file is read.
  const first = parseJsonLines(text, '', new IssueCollector())[0];
  return first === undefined ? undefined : kindOfRecord(first.value);
}

/**
 * Reads ASTRA knowledge files of any kind, each kind detected by shape: domains and context files add domains, a
 * taxonomy one domain per leaf, questions files questions. Throws one InputFileError listing the problems of
 * every file (file and line, up to a cap).
 */
export function readKnowledgeInputs(files: readonly KnowledgeFile[]): KnowledgeInputs {
  const issues = new IssueCollector();
  const domains: KnowledgeDomain[] = [];
  const questions: KnowledgeQuestion[] = [];
  const read: { name: string; kind: KnowledgeFileKind; records: number }[] = [];
  for (const { name, text } of files) {
    const kind = detectKnowledgeFileKind(text);
    if (kind === undefined) {
      issues.add({
        file: name,
        message:
          'cannot tell what this file holds: expected JSONL with "question" and "domain", or with "domain" and "knowledge_corpus", or a taxonomy JSON object',
      });
      continue;
    }
    const records = readOne(kind, name, text, issues, domains, questions);
    read.push({ name, kind, records });
  }
  issues.throwIfAny();
  return { domains, questions, files: read };
}

/** Reads one file of a known kind into `domains` or `questions`; returns how many records it added. */
function readOne(
  kind: KnowledgeFileKind,
  name: string,
  text: string,
  issues: IssueCollector,
  domains: KnowledgeDomain[],
  questions: KnowledgeQuestion[],
): number {
  const whole = tryParse(text);
  if (kind === 'taxonomy') return push(domains, collectTaxonomy(whole.ok ? whole.value : undefined, name, issues));
  // A JSON document (array or one object) is read as such; anything else line by line.
  const objects = whole.ok ? contextObjects(text, name, issues) : placedLines(parseJsonLines(text, name, issues), name);
  if (kind === 'questions') return push(questions, collectQuestions(objects, issues));
  return push(domains, collectDomains(objects, issues, kind === 'context'));
}

function push<T>(into: T[], found: T[]): number {
  into.push(...found);
  return found.length;
}
