// Argument provenance: every required parameter of every step must come from the user's request or an earlier
// step's output.
//
// The rule: a required leaf parameter is an *identifier* when its name contains an identifier word (id, uuid,
// handle, token, cursor, ...) or its description says it is returned by / obtained from another call. Identifiers
// are never invented by a user; they need an earlier step whose output names the same entity (an output field
// with an identifier word, or, when that step has no output schema, a step whose name or description names the
// entity). Every other required parameter is suppliable by the user when its type is one of `userTypes` (by
// default string, number, integer, boolean) or it is an enum. Anything else (free-form objects, unknown types)
// needs an earlier output of a compatible type.

import { SchemaField, flattenFields, typesCompatible } from '../schema/schema-fields.util';
import { splitWords, stem, tokenize } from '../text/tokenize.util';
import { ToolServer, ToolSpec, Verdict, VerdictReason } from '../tool-graph.types';
import { resourceProfile } from '../strategies/resource-rules.util';

/** What the user may state and which words mark a tool-produced identifier. */
export interface ProvenanceOptions {
  userTypes: readonly string[];
  identifierWords: readonly string[];
}

/** Defaults of the provenance rule. */
export const DEFAULT_PROVENANCE_OPTIONS: ProvenanceOptions = {
  userTypes: ['string', 'number', 'integer', 'boolean'],
  identifierWords: ['id', 'ids', 'identifier', 'uuid', 'guid', 'handle', 'token', 'cursor', 'ref', 'sid'],
};

const PRODUCED_PHRASE = /\b(returned|obtained|produced|generated) (by|from)\b|\bfrom (a|an|the) (previous|prior|earlier)\b/i;

interface RequiredParam {
  field: SchemaField;
  kind: 'user' | 'identifier' | 'typed';
  /** Entity words the identifier refers to (issue for issue_id; the tool's own entity for a bare id). */
  entities: Set<string>;
}

interface ToolProvenance {
  required: RequiredParam[];
  outputs: SchemaField[];
  /** Entities a step of this tool can hand on (from output identifier fields, or its name and description). */
  yields: Set<string>;
  yieldsAnyId: boolean;
}

/** Precomputes each tool's required parameters and yields once, then checks chains cheaply. */
export class ProvenanceChecker {
  private readonly tools = new Map<string, ToolProvenance>();
  private readonly options: ProvenanceOptions;
  private readonly idWords: Set<string>;

  constructor(server: ToolServer, options: Partial<ProvenanceOptions> = {}) {
    this.options = { ...DEFAULT_PROVENANCE_OPTIONS, ...options };
    this.idWords = new Set(this.options.identifierWords);
    for (const tool of server.tools) this.tools.set(tool.name, this.profile(tool));
  }

  /** Accepts the chain when every required parameter has a source; otherwise names each unmet step and parameter. */
  check(chain: readonly string[]): Verdict {
    const reasons: VerdictReason[] = [];
    for (const [step, name] of chain.entries()) {
      const tool = this.tools.get(name);
      if (!tool) {
        reasons.push({ step, tool: name, message: `unknown tool "${name}"` });
        continue;
      }
      for (const p of tool.required) {
        const missing = this.missing(p, chain, step);
        if (missing) reasons.push({ step, tool: name, parameter: p.field.path, message: missing });
      }
    }
    return reasons.length === 0 ? { status: 'accepted', reasons: [] } : { status: 'rejected', reasons };
  }

  private missing(p: RequiredParam, chain: readonly string[], step: number): string | undefined {
    if (p.kind === 'user') return undefined;
    for (let j = 0; j < step; j += 1) {
      const earlier = this.tools.get(chain[j] as string);
      if (earlier && this.feeds(earlier, p)) return undefined;
    }
    return p.kind === 'identifier'
      ? `identifier "${p.field.path}" is not produced by any earlier step and a user cannot state it`
      : `"${p.field.path}" (${p.field.type}) is not a type the user states and no earlier output supplies it`;
  }

  private feeds(earlier: ToolProvenance, p: RequiredParam): boolean {
    if (p.kind === 'typed') return earlier.outputs.some((o) => typesCompatible(o.type, p.field.type) && o.type !== 'unknown');
    if (p.entities.size === 0) return earlier.yieldsAnyId;
    for (const e of p.entities) if (earlier.yields.has(e)) return true;
    return false;
  }

  private isIdentifierWord(field: SchemaField): boolean {
    return splitWords(field.name).some((w) => this.idWords.has(w));
  }

  private profile(tool: ToolSpec): ToolProvenance {
    const own = resourceProfile(tool).entities;
    const required = flattenFields(tool.parameters)
      .filter((f) => f.required)
      .map((field) => this.classify(field, own));
    const outputs = flattenFields(tool.outputSchema);
    const yields = new Set<string>();
    const idOutputs = outputs.filter((o) => this.isIdentifierWord(o));
    for (const o of idOutputs) for (const e of this.entityWords(o, own)) yields.add(e);
    if (outputs.length === 0) {
      // No output schema: trust what the tool says it is about.
      for (const e of own) yields.add(e);
      for (const t of tokenize(tool.description)) yields.add(t);
    }
    return { required, outputs, yields, yieldsAnyId: idOutputs.length > 0 || outputs.length === 0 };
  }

  private entityWords(field: SchemaField, toolEntities: Set<string>): Set<string> {
    const words = [...splitWords(field.name), ...splitWords(field.parent)].filter((w) => !this.idWords.has(w));
    const entities = new Set(words.map(stem));
    // A bare "id" refers to the entity of the tool it belongs to.
    return entities.size > 0 ? entities : new Set(toolEntities);
  }

  private classify(field: SchemaField, toolEntities: Set<string>): RequiredParam {
    if (this.isIdentifierWord(field) || PRODUCED_PHRASE.test(field.description)) {
      return { field, kind: 'identifier', entities: this.entityWords({ ...field, parent: '' }, toolEntities) };
    }
    const user = field.isEnum || this.options.userTypes.includes(field.type);
    return { field, kind: user ? 'user' : 'typed', entities: new Set() };
  }
}

/** One-off convenience: builds a checker for the server and checks one chain. */
export function checkProvenance(server: ToolServer, chain: readonly string[], options?: Partial<ProvenanceOptions>): Verdict {
  return new ProvenanceChecker(server, options).check(chain);
}
