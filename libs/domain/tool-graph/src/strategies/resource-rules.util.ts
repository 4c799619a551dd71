// Resource patterns: a tool that creates or lists an entity comes before the tools that read, update or delete it.

import { ToolSpec } from '../tool-graph.types';
import { isStopWord, splitWords, stem, tokenize } from '../text/tokenize.util';

/** What a tool does to its entity, read from the verbs in its name (or, failing that, its description). */
export type ResourceRole = 'create' | 'list' | 'read' | 'update' | 'relocate' | 'delete' | 'none';

const VERBS: Record<string, ResourceRole> = {};
const register = (role: ResourceRole, words: string): void => {
  for (const w of words.split(' ')) VERBS[w] = role;
};
register('create', 'create add insert new make write upload post register generate build init');
register('list', 'list search find query browse lookup discover scan enumerate filter tree');
register('read', 'get read fetch show view describe retrieve download load inspect check open export');
register('update', 'update edit modify patch set append replace change assign attach toggle close');
// Relocating leaves the entity under a new name or place, so it also produces the entity for later steps.
register('relocate', 'move rename copy duplicate clone');
register('delete', 'delete remove destroy clear drop archive cancel detach revoke purge');

// Words that qualify a name without naming an entity ("list_directory_with_sizes", "get_file_info").
const QUALIFIERS = new Set(
  'info detail details size sizes text media multiple allowed all by batch bulk recursive current full raw simple content contents'.split(
    ' ',
  ),
);

/** The role and entity tokens of one tool. */
export interface ResourceProfile {
  role: ResourceRole;
  /** Entities named in the tool name. */
  entities: Set<string>;
  hasParameters: boolean;
}

/** Reads the role from the first verb in the name, else the first word of the description. */
export function resourceRole(tool: ToolSpec): ResourceRole {
  for (const w of splitWords(tool.name)) {
    const role = VERBS[w];
    if (role) return role;
  }
  const first = splitWords(tool.description)[0];
  return (first && VERBS[first]) || 'none';
}

/** Profiles a tool: role, entity tokens from its name, and whether it takes any parameter at all. */
export function resourceProfile(tool: ToolSpec): ResourceProfile {
  const entities = new Set<string>();
  for (const w of splitWords(tool.name)) {
    if (VERBS[w] || isStopWord(w) || QUALIFIERS.has(w) || w.length < 3) continue;
    entities.add(stem(w));
  }
  const hasParameters = Object.keys(tool.parameters.properties ?? {}).length > 0;
  return { role: resourceRole(tool), entities, hasParameters };
}

/** Entities a producer yields: those in its name, plus for listers the server entities their description mentions. */
export function producedEntities(tool: ToolSpec, profile: ResourceProfile, serverEntities: Set<string>): Set<string> {
  const out = new Set(profile.entities);
  // A creator's description names context ("relations between entities"); a lister's names what it returns.
  if (profile.role !== 'list') return out;
  for (const t of tokenize(tool.description)) if (serverEntities.has(t)) out.add(t);
  return out;
}

/** Score of the resource rule for producer -> consumer, with the entity and rule that fired. */
export interface ResourceMatch {
  rule: string;
  entity: string;
  score: number;
}

const PRODUCER_ROLES: ReadonlySet<ResourceRole> = new Set(['create', 'list', 'relocate']);
const CONSUMER_ROLES: ReadonlySet<ResourceRole> = new Set(['read', 'update', 'relocate', 'delete', 'list']);

/** Applies the create/list-before-read/update/delete rule; consumers need a parameter to receive the entity. */
export function matchResource(
  producer: ResourceProfile,
  produced: Set<string>,
  consumer: ResourceProfile,
  paramTokens: Set<string>,
): ResourceMatch | undefined {
  if (!PRODUCER_ROLES.has(producer.role)) return undefined;
  if (!consumer.hasParameters || !CONSUMER_ROLES.has(consumer.role)) return undefined;
  let best: ResourceMatch | undefined;
  for (const entity of produced) {
    const inName = consumer.entities.has(entity);
    const inParams = paramTokens.has(entity);
    if (!inName && !inParams) continue;
    const direct = producer.entities.has(entity);
    const score = (direct ? 0.6 : 0.5) + (inParams ? 0.15 : 0) - (consumer.role === 'list' ? 0.05 : 0);
    if (!best || score > best.score) {
      best = { rule: `${producer.role}-before-${consumer.role}`, entity, score };
    }
  }
  return best;
}
