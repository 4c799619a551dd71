import { KnowledgeDomainSchema, type KnowledgeDomain } from '@astra/contracts';
import { IssueCollector } from './input-issues';
import { describe, isObject } from './json-lines';
import { tryParse } from './knowledge-readers';

const DOMAIN_MAX = KnowledgeDomainSchema.shape.domain.maxLength ?? 200;
const CORPUS_MAX = KnowledgeDomainSchema.shape.knowledgeCorpus.unwrap().maxLength ?? 50_000;
/** Deeper nesting than this is a malformed file, not a taxonomy. */
const MAX_DEPTH = 32;

/** Whether a taxonomy node is a leaf: it carries a description or examples. */
function isLeaf(node: Record<string, unknown>): boolean {
  return 'description' in node || 'examples' in node;
}

/** The text of one example: a string, or an object's `query` (ASTRA's shape), else its JSON. */
function exampleText(example: unknown): string {
  if (typeof example === 'string') return example.trim();
  if (isObject(example) && typeof example['query'] === 'string') return example['query'].trim();
  return JSON.stringify(example);
}

function leaf(path: string[], node: Record<string, unknown>, file: string, issues: IssueCollector): KnowledgeDomain | undefined {
  const at = path.join(' / ');
  const description = node['description'];
  const examples = node['examples'] ?? [];
  if (typeof description !== 'string' || description.trim() === '') {
    issues.add({ file, at, message: `a leaf needs a non-empty "description" string, got ${describe(description)}` });
    return undefined;
  }
  if (!Array.isArray(examples)) {
    issues.add({ file, at, message: `"examples" must be an array, got ${describe(examples)}` });
    return undefined;
  }
  if (at.length > DOMAIN_MAX) {
    issues.add({ file, at, message: `the domain path has ${at.length} characters, more than the ${DOMAIN_MAX} allowed` });
    return undefined;
  }
  const lines = examples.map(exampleText).filter((e) => e !== '');
  const corpus = lines.length === 0 ? description.trim() : `${description.trim()}\nExamples:\n${lines.map((e) => `- ${e}`).join('\n')}`;
  if (corpus.length > CORPUS_MAX) {
    issues.add({ file, at, message: `description and examples have ${corpus.length} characters, more than the ${CORPUS_MAX} allowed` });
    return undefined;
  }
  return { domain: at, knowledgeCorpus: corpus };
}

function walk(path: string[], node: unknown, file: string, issues: IssueCollector, out: KnowledgeDomain[]): void {
  const at = path.length === 0 ? '(root)' : path.join(' / ');
  if (!isObject(node)) {
    issues.add({
      file,
      at,
      message: `expected an object (a category, or a leaf with "description" and "examples"), got ${describe(node)}`,
    });
    return;
  }
  if (path.length > 0 && isLeaf(node)) {
    const domain = leaf(path, node, file, issues);
    if (domain !== undefined) out.push(domain);
    return;
  }
  if (path.length >= MAX_DEPTH) {
    issues.add({ file, at, message: `nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  for (const [key, child] of Object.entries(node)) walk([...path, key.trim()], child, file, issues, out);
}

/** Leaves of a parsed taxonomy document, collecting problems into `issues`. */
export function collectTaxonomy(document: unknown, file: string, issues: IssueCollector): KnowledgeDomain[] {
  const out: KnowledgeDomain[] = [];
  walk([], document, file, issues, out);
  if (out.length === 0 && issues.count === 0)
    issues.add({ file, message: 'the taxonomy has no leaves (objects with "description" and "examples")' });
  return out;
}

/**
 * ASTRA's taxonomy JSON (nested categories; leaves have `description` and `examples`): one domain per leaf, named
 * by its path joined with " / ", whose corpus is the description followed by the examples.
 */
export function readTaxonomy(source: string, file = 'taxonomy.json'): KnowledgeDomain[] {
  const issues = new IssueCollector();
  const parsed = tryParse(source);
  if (!parsed.ok) {
    issues.add({ file, message: 'not valid JSON' });
    issues.throwIfAny();
  }
  const domains = parsed.ok ? collectTaxonomy(parsed.value, file, issues) : [];
  issues.throwIfAny();
  return domains;
}
