import type { JsonSchema, RandomSource } from '@astra/domain/tool-graph';

const NAMES = ['Alice Moreno', 'Bruno Keller', 'Chen Wei', 'Dara Okafor', 'Elena Petrova', 'Farid Haddad', 'Grace Lin', 'Hugo Blanc'];
const TYPES = ['person', 'project', 'company', 'city', 'event', 'book'];
const WORDS = ['budget', 'roadmap', 'meeting', 'invoice', 'garden', 'travel', 'recipe', 'release'];
const SENTENCES = [
  'Prefers morning meetings',
  'Works on the quarterly roadmap',
  'Lives in Lisbon',
  'Owns the release checklist',
  'Speaks three languages',
  'Joined the team in March',
];

function pick<T>(items: readonly T[], random: RandomSource): T {
  return items[Math.floor(random.next() * items.length) % items.length] as T;
}

function firstType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

/** A string for a parameter from its name and format: relative paths for files (the session root is the tool's own). */
function stringValue(name: string, schema: JsonSchema, random: RandomSource): string {
  const n = name.toLowerCase();
  const word = pick(WORDS, random);
  switch (schema.format) {
    case 'date':
      return `2025-0${1 + Math.floor(random.next() * 9)}-1${Math.floor(random.next() * 9)}`;
    case 'date-time':
      return `2025-0${1 + Math.floor(random.next() * 9)}-1${Math.floor(random.next() * 9)}T09:30:00Z`;
    case 'email':
      return `${word}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${word}`;
    default:
      break;
  }
  if (/(dir|folder|directory)/.test(n)) return `notes/${word}`;
  if (/(path|file)/.test(n)) return `notes/${word}.txt`;
  if (/(url|uri|link)/.test(n)) return `https://example.com/${word}`;
  if (/email/.test(n)) return `${word}@example.com`;
  if (/(query|search|pattern|keyword|term)/.test(n)) return word;
  if (/(type|kind|category)/.test(n)) return pick(TYPES, random);
  if (/(name|title|from|to|person|user)/.test(n)) return pick(NAMES, random);
  if (/(content|text|body|message|observation|note|description)/.test(n)) return pick(SENTENCES, random);
  return word;
}

/**
 * A plausible value for a user-suppliable parameter, from its JSON schema: the default, an enum member, a value of
 * the type (numbers within bounds), and for strings one that fits the format or the parameter's name. Objects get
 * their required properties; arrays one item.
 */
export function synthesizeValue(name: string, schema: JsonSchema, random: RandomSource, depth = 0): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pick(schema.enum, random);
  const alt = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  const type = firstType(schema);
  if (type === undefined && alt) return synthesizeValue(name, alt, random, depth + 1);
  switch (type) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 1;
      const max = typeof schema.maximum === 'number' ? schema.maximum : Math.max(min, 10);
      const value = min + Math.floor(random.next() * (max - min + 1));
      return Math.min(value, max);
    }
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      return depth > 6 ? [] : [synthesizeValue(name, items ?? { type: 'string' }, random, depth + 1)];
    }
    case 'object':
      return depth > 6 ? {} : synthesizeObject(schema, random, depth + 1);
    default:
      return stringValue(name, schema, random);
  }
}

/** The required properties of an object schema, each synthesized. */
export function synthesizeObject(schema: JsonSchema, random: RandomSource, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    const child = props[key];
    if (child) out[key] = synthesizeValue(key, child, random, depth);
  }
  return out;
}
