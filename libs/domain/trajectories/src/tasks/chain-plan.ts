import type { ArgumentBinding, PlanStep, TaskPlan } from '@astra/contracts';
import {
  DEFAULT_PROVENANCE_OPTIONS,
  flattenFields,
  type JsonSchema,
  type RandomSource,
  type SchemaField,
  splitWords,
  stem,
  type ToolSpec,
} from '@astra/domain/tool-graph';
import { synthesizeObject } from './argument-synthesis';

/** The plan, or why none can be built (a required identifier no earlier step produces, an unknown tool). */
export type ChainPlanResult = { ok: true; plan: TaskPlan } | { ok: false; reason: string };

// The same phrase provenance-check uses to call a parameter tool-produced.
const PRODUCED_PHRASE = /\b(returned|obtained|produced|generated) (by|from)\b|\bfrom (a|an|the) (previous|prior|earlier)\b/i;
const NAME_OF = /\bnames? of (?:the |an? )?([a-z]+)/i;
const ID_WORDS = new Set(DEFAULT_PROVENANCE_OPTIONS.identifierWords);
const NAME_WORDS = new Set(['name', 'names']);

type Reference = { kind: 'identifier' | 'name'; entities: Set<string> };

/** A leaf that must refer to something an earlier step made: an identifier (provenance rule) or another entity's name. */
function reference(field: SchemaField): Reference | undefined {
  const words = splitWords(field.name);
  const entities = new Set(words.filter((w) => !ID_WORDS.has(w) && !NAME_WORDS.has(w)).map(stem));
  const named = NAME_OF.exec(field.description)?.[1];
  if (words.some((w) => ID_WORDS.has(w)) || PRODUCED_PHRASE.test(field.description)) return { kind: 'identifier', entities };
  // A thing's own `name` is what the user states when creating it; a name of another entity refers to one.
  if (field.name === 'name' || field.name === 'title') return undefined;
  if (words.some((w) => NAME_WORDS.has(w)) || named) {
    if (named) entities.add(stem(named.toLowerCase()));
    return { kind: 'name', entities };
  }
  return undefined;
}

/** Whether an earlier output leaf can hand on the reference (same entity, or any when the reference names none). */
function feeds(output: SchemaField, ref: Reference): boolean {
  const words = splitWords(output.name);
  const fits = ref.kind === 'identifier' ? words.some((w) => ID_WORDS.has(w)) : output.name === 'name' || /Name$/.test(output.name);
  if (!fits) return false;
  if (ref.entities.size === 0) return true;
  const own = [...words, ...splitWords(output.parent)].filter((w) => !ID_WORDS.has(w) && !NAME_WORDS.has(w)).map(stem);
  return own.some((w) => ref.entities.has(w));
}

/** The schema at a flattened path (`entities[].name`), to tell array leaves from scalars. */
function schemaAt(schema: JsonSchema | null | undefined, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema ?? undefined;
  for (const raw of path.split('.')) {
    const isArray = raw.endsWith('[]');
    node = node?.properties?.[isArray ? raw.slice(0, -2) : raw];
    if (isArray) node = Array.isArray(node?.items) ? node.items[0] : node?.items;
  }
  return node;
}

/** A flattened path as a binding path: `entities[].name` → `entities.0.name`, and `.0` after an array leaf. */
function concretePath(schema: JsonSchema | null | undefined, path: string): string {
  const leaf = schemaAt(schema, path);
  const base = path.replace(/\[\]/g, '.0');
  return leaf?.type === 'array' ? `${base}.0` : base;
}

function bindStep(tools: readonly ToolSpec[], index: number, tool: ToolSpec): { bindings: ArgumentBinding[] } | { reason: string } {
  const bindings: ArgumentBinding[] = [];
  for (const field of flattenFields(tool.parameters).filter((f) => f.required)) {
    const ref = reference(field);
    if (!ref) continue;
    let bound = false;
    for (let j = index - 1; j >= 0 && !bound; j -= 1) {
      const earlier = tools[j] as ToolSpec;
      const output = flattenFields(earlier.outputSchema).find((o) => feeds(o, ref));
      if (!output) continue;
      bindings.push({
        argument: concretePath(tool.parameters, field.path),
        fromStep: `s${j + 1}`,
        path: concretePath(earlier.outputSchema, output.path),
      });
      bound = true;
    }
    if (!bound && ref.kind === 'identifier') {
      return { reason: `step ${index + 1} (${tool.name}): identifier "${field.path}" has no earlier output field to bind` };
    }
  }
  return { bindings };
}

/**
 * A chain's plan with arguments from provenance: user-suppliable parameters get values synthesized from the schema
 * (a top-level value of the same name is reused, so a file written is the file read), identifiers and references to
 * another entity's name are bound to the closest earlier step's output field of the same entity. Steps run in order.
 */
export function buildChainPlan(server: readonly ToolSpec[], chain: readonly string[], random: RandomSource): ChainPlanResult {
  const tools: ToolSpec[] = [];
  for (const name of chain) {
    const tool = server.find((t) => t.name === name);
    if (!tool) return { ok: false, reason: `the chain names a tool the server does not have: ${name}` };
    tools.push(tool);
  }
  const shared = new Map<string, unknown>();
  const steps: PlanStep[] = [];
  for (const [index, tool] of tools.entries()) {
    const bound = bindStep(tools, index, tool);
    if ('reason' in bound) return { ok: false, reason: bound.reason };
    const args = synthesizeObject(tool.parameters, random);
    for (const [key, value] of Object.entries(args)) {
      if (typeof value !== 'string') continue;
      if (shared.has(key)) args[key] = shared.get(key);
      else shared.set(key, value);
    }
    const id = `s${index + 1}`;
    steps.push({
      id,
      tool: tool.name,
      arguments: args,
      bindings: bound.bindings,
      dependsOn: index === 0 ? [] : [`s${index}`],
      purpose: firstSentence(tool.description),
    });
  }
  return { ok: true, plan: { steps } };
}

/** The first sentence of a description, without its full stop. */
export function firstSentence(text: string): string {
  const line = text.trim().split(/(?<=[.!?。])\s|\n/)[0] ?? '';
  return line.replace(/[.。]$/, '').trim();
}

/** Arguments with the bindings applied: each `argument` path set to the value at `path` in its step's JSON result. */
export function applyBindings(
  args: Record<string, unknown>,
  bindings: readonly ArgumentBinding[],
  results: ReadonlyMap<string, unknown>,
): { ok: true; arguments: Record<string, unknown> } | { ok: false; reason: string } {
  const out = structuredClone(args);
  for (const b of bindings) {
    const value = valueAt(results.get(b.fromStep), b.path);
    if (value === undefined) return { ok: false, reason: `step ${b.fromStep} has no value at "${b.path}" for ${b.argument}` };
    setAt(out, b.argument, value);
  }
  return { ok: true, arguments: out };
}

/** The value at a dotted path (`entities.0.name`; empty for the whole value). */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const [i, key] of keys.entries()) {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = /^\d+$/.test(keys[i + 1] ?? '') ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
}
