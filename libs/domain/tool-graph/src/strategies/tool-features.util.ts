// Per-tool features computed once per server, so pairwise scoring only compares precomputed bags.

import { IdfIndex, TokenBag, WeightedBag, addToBag, weighBag } from '../text/idf-index';
import { tokenize } from '../text/tokenize.util';
import { SchemaField, flattenFields } from '../schema/schema-fields.util';
import { ToolServer, ToolSpec } from '../tool-graph.types';
import { ResourceProfile, producedEntities, resourceProfile } from './resource-rules.util';

/** A schema field with its IDF-weighted bag. */
export interface WeighedField {
  field: SchemaField;
  bag: WeightedBag;
  /** An envelope field most tools of the server return (content, result, success): it says nothing. */
  generic: boolean;
  freeText: boolean;
}

/** Everything the structural strategy needs about one tool. */
export interface ToolFeatures {
  tool: ToolSpec;
  profile: ResourceProfile;
  produced: Set<string>;
  outputs: WeighedField[];
  params: WeighedField[];
  paramNameTokens: Set<string>;
  /** Name and description as one bag: what the tool is about when it has no informative output schema. */
  about: WeightedBag;
  informativeOutput: boolean;
}

// Parameters whose value a user typically writes in prose rather than copies from a tool result.
const FREE_TEXT = new Set(['query', 'q', 'message', 'prompt', 'comment', 'note', 'body', 'title', 'description', 'topic', 'text']);

function fieldBag(f: SchemaField): TokenBag {
  const bag: TokenBag = new Map();
  addToBag(bag, tokenize(f.name), 2);
  addToBag(bag, tokenize(f.parent), 1);
  return addToBag(bag, tokenize(f.description), 1);
}

function isFreeText(f: SchemaField): boolean {
  const words = tokenize(f.name);
  return words.length > 0 && words.every((w) => FREE_TEXT.has(w));
}

function buildIndex(server: ToolServer, fields: Map<ToolSpec, { out: SchemaField[]; inp: SchemaField[] }>): IdfIndex {
  const index = new IdfIndex();
  for (const tool of server.tools) {
    const f = fields.get(tool);
    const tokens = [...tokenize(tool.name), ...tokenize(tool.description)];
    for (const field of [...(f?.out ?? []), ...(f?.inp ?? [])]) tokens.push(...fieldBag(field).keys());
    index.addDocument(tokens);
  }
  return index;
}

function outputNameShare(fields: Map<ToolSpec, { out: SchemaField[] }>, toolCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { out } of fields.values()) {
    for (const name of new Set(out.map((f) => f.name))) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const share = new Map<string, number>();
  for (const [name, c] of counts) share.set(name, c / Math.max(1, toolCount));
  return share;
}

/** Computes the features of every tool of a server; `genericShare` marks envelope output fields. */
export function toolFeatures(server: ToolServer, genericShare: number): ToolFeatures[] {
  const fields = new Map<ToolSpec, { out: SchemaField[]; inp: SchemaField[] }>();
  for (const t of server.tools) fields.set(t, { out: flattenFields(t.outputSchema), inp: flattenFields(t.parameters) });
  const index = buildIndex(server, fields);
  const share = outputNameShare(fields, server.tools.length);
  // A field shared by most tools is only generic when there are enough tools to tell.
  const enough = server.tools.length >= 4;
  const weigh = (f: SchemaField): WeighedField => ({
    field: f,
    bag: weighBag(fieldBag(f), index),
    generic: enough && (share.get(f.name) ?? 0) >= genericShare,
    freeText: isFreeText(f),
  });
  const profiles = server.tools.map(resourceProfile);
  const vocabulary = new Set<string>();
  for (const p of profiles) for (const e of p.entities) vocabulary.add(e);
  return server.tools.map((tool, i) => {
    const f = fields.get(tool) ?? { out: [], inp: [] };
    const profile = profiles[i] as ResourceProfile;
    const outputs = f.out.map(weigh);
    const about = addToBag(addToBag(new Map(), tokenize(tool.name), 2), tokenize(tool.description), 1);
    return {
      tool,
      profile,
      produced: producedEntities(tool, profile, vocabulary),
      outputs,
      params: f.inp.map(weigh),
      paramNameTokens: new Set(f.inp.flatMap((p) => [...tokenize(p.name), ...tokenize(p.parent)])),
      about: weighBag(about, index),
      informativeOutput: outputs.some((o) => !o.generic),
    };
  });
}
