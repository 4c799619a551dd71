// Seeded generator of realistic tool servers: CRUD families over related entities, mixed naming styles,
// varied parameter counts, output schemas on some servers, and a few unrelated utility tools.

import { JsonSchema, ToolServer, ToolSpec, Xoshiro128 } from '@astra/domain/tool-graph';

const ENTITIES = (
  'project issue user order invoice file folder message channel ticket customer product repository branch commit ' +
  'event calendar task note document page comment playlist track album booking room payment subscription report ' +
  'dashboard alert incident deployment cluster node bucket object table record lead contact campaign survey ' +
  'question answer course lesson recipe ingredient shipment warehouse device sensor reading'
).split(' ');
const STYLES = ['snake', 'camel', 'kebab'] as const;
type Style = (typeof STYLES)[number];
const MISC = ['get_weather', 'convert_currency', 'send_email', 'translate_text', 'compute_statistics', 'generate_uuid', 'ping'];

function pick<T>(rng: Xoshiro128, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)] as T;
}

function styled(words: string[], style: Style): string {
  if (style === 'snake') return words.join('_');
  if (style === 'kebab') return words.join('-');
  return words.map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1))).join('');
}

function plural(e: string): string {
  return e.endsWith('y') ? `${e.slice(0, -1)}ies` : e.endsWith('s') || e.endsWith('h') ? `${e}es` : `${e}s`;
}

interface Family {
  entity: string;
  parent?: string;
}

function obj(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { type: 'object', properties, required };
}

function idParam(e: string, style: Style): [string, JsonSchema] {
  return [styled([e, 'id'], style), { type: 'string', description: `Identifier of the ${e}` }];
}

function extraParams(rng: Xoshiro128, count: number): Record<string, JsonSchema> {
  const pool: [string, JsonSchema][] = [
    ['limit', { type: 'integer', description: 'Maximum number of results' }],
    ['verbose', { type: 'boolean', description: 'Include details' }],
    ['sort_order', { type: 'string', enum: ['asc', 'desc'] }],
    ['tags', { type: 'array', items: { type: 'string' }, description: 'Labels to attach' }],
    ['priority', { type: 'string', enum: ['low', 'normal', 'high'] }],
    ['due_date', { type: 'string', format: 'date', description: 'When it is due' }],
    ['notes', { type: 'string', description: 'Free text notes' }],
  ];
  const out: Record<string, JsonSchema> = {};
  for (let i = 0; i < count; i += 1) {
    const [k, v] = pick(rng, pool);
    out[k] = v;
  }
  return out;
}

function familyTools(rng: Xoshiro128, f: Family, style: Style, outputs: boolean): ToolSpec[] {
  const { entity: e, parent } = f;
  const [idName, idSchema] = idParam(e, style);
  const parentProps: Record<string, JsonSchema> = parent ? Object.fromEntries([idParam(parent, style)]) : {};
  const parentReq = parent ? [styled([parent, 'id'], style)] : [];
  const record = obj({ id: { type: 'string', description: `The ${e} identifier` }, name: { type: 'string' } }, ['id']);
  const tools: ToolSpec[] = [];
  const add = (verb: string[], noun: string, desc: string, params: JsonSchema, out?: JsonSchema): void => {
    tools.push({
      name: styled([...verb, ...noun.split(' ')], style),
      description: desc,
      parameters: params,
      outputSchema: outputs ? (out ?? null) : null,
    });
  };
  add(
    ['create'],
    e,
    `Create a new ${e}${parent ? ` in a ${parent}` : ''}.`,
    obj({ ...parentProps, name: { type: 'string', description: `Name of the ${e}` }, ...extraParams(rng, Math.floor(rng.next() * 3)) }, [
      ...parentReq,
      'name',
    ]),
    record,
  );
  if (rng.next() < 0.85)
    add(
      ['list'],
      plural(e),
      `List ${plural(e)}${parent ? ` of a ${parent}` : ''}, paginated.`,
      obj({ ...parentProps, ...extraParams(rng, 1) }, parentReq),
      obj({ items: { type: 'array', items: record } }, ['items']),
    );
  if (rng.next() < 0.75) add(['get'], e, `Get one ${e} by id.`, obj({ [idName]: idSchema }, [idName]), record);
  if (rng.next() < 0.6)
    add(
      ['update'],
      e,
      `Update fields of a ${e}.`,
      obj({ [idName]: idSchema, ...extraParams(rng, 1 + Math.floor(rng.next() * 3)) }, [idName]),
      record,
    );
  if (rng.next() < 0.55)
    add(
      ['delete'],
      e,
      `Delete a ${e} permanently.`,
      obj({ [idName]: idSchema }, [idName]),
      obj({ success: { type: 'boolean' } }, ['success']),
    );
  if (rng.next() < 0.25)
    add(
      ['search'],
      plural(e),
      `Search ${plural(e)} by text query.`,
      obj({ query: { type: 'string', description: 'Search text' } }, ['query']),
      obj({ items: { type: 'array', items: record } }, ['items']),
    );
  return tools;
}

function miscTool(rng: Xoshiro128, style: Style): ToolSpec {
  const name = pick(rng, MISC);
  const params = obj({ input: { type: 'string', description: 'Input text or value' }, ...extraParams(rng, Math.floor(rng.next() * 2)) }, [
    'input',
  ]);
  return {
    name: styled(name.split('_'), style),
    description: `Utility: ${name.replace(/_/g, ' ')}.`,
    parameters: params,
    outputSchema: null,
  };
}

/** One server: 2 to 4 entity families (some nested under a parent) plus at most one utility tool. */
export function generateServer(rng: Xoshiro128, index: number): ToolServer {
  const style = pick(rng, STYLES);
  const outputs = rng.next() < 0.4;
  const families: Family[] = [];
  const count = 2 + Math.floor(rng.next() * 3);
  for (let i = 0; i < count; i += 1) {
    const entity = pick(rng, ENTITIES);
    if (families.some((f) => f.entity === entity)) continue;
    const parent = families.length > 0 && rng.next() < 0.5 ? families[0]?.entity : undefined;
    families.push({ entity, parent });
  }
  const tools = families.flatMap((f) => familyTools(rng, f, style, outputs));
  const misc = rng.next() < 0.5 ? 1 : 0;
  for (let i = 0; i < misc; i += 1) {
    const t = miscTool(rng, style);
    if (!tools.some((x) => x.name === t.name)) tools.push(t);
  }
  return { name: `server-${index}`, tools };
}

/** Servers until `toolCount` tools exist (the last one trimmed), from one seed. */
export function generateServers(seed: number, toolCount: number): ToolServer[] {
  const rng = new Xoshiro128(seed);
  const servers: ToolServer[] = [];
  let total = 0;
  while (total < toolCount) {
    const s = generateServer(rng, servers.length);
    s.tools = s.tools.slice(0, toolCount - total);
    total += s.tools.length;
    servers.push(s);
  }
  return servers;
}
