import { valueNestsDeeperThan } from '@astra/contracts';
import {
  MAX_JSON_DEPTH,
  MAX_QUOTED_LENGTH,
  MAX_SERVER_DESCRIPTION_LENGTH,
  MAX_SERVER_NAME_LENGTH,
  MAX_TOOL_DESCRIPTION_LENGTH,
  TOOL_NAME_PATTERN,
} from './catalog-limits';

// Checks of outside text against the catalog's limits. Each returns what is wrong, or undefined; the messages
// quote the offending text only cut short and escaped, so a rejection itself is bounded and storable.

// Control characters (C0, DEL, C1) and UTF-16 halves without their pair: neither belongs in a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** At most `max` code units of `text`, never ending inside a surrogate pair, with "…" when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** Text with control characters and unpaired surrogates shown as U+FFFD: PostgreSQL refuses NUL in text. */
export function printable(text: string): string {
  return text.replace(CONTROL_ALL, '\uFFFD').replace(LONE_SURROGATE_ALL, '\uFFFD');
}

/** A name as a rejection records it: printable and cut to MAX_QUOTED_LENGTH, so it fits varchar(200) columns. */
export function displayName(name: string): string {
  return printable(cut(name, MAX_QUOTED_LENGTH));
}

/** Any value as a rejection detail quotes it: a string cut short and JSON-escaped, otherwise its kind. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(cut(value, MAX_QUOTED_LENGTH));
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What is wrong with a tool name under OpenAI's function-name rule, or undefined. */
export function toolNameProblem(name: string): string | undefined {
  if (TOOL_NAME_PATTERN.test(name)) return undefined;
  const length = name.length > 64 ? `; it has ${name.length}` : '';
  return `tool name ${quote(name)} is not a function name: 1 to 64 letters, digits, "_" or "-"${length}`;
}

/** What is wrong with a server name (length, control characters, broken text), or undefined. */
export function serverNameProblem(name: string): string | undefined {
  if (name.length > MAX_SERVER_NAME_LENGTH) return `server name is ${name.length} characters; at most ${MAX_SERVER_NAME_LENGTH}`;
  if (CONTROL.test(name)) return `server name ${quote(name)} holds control characters`;
  if (LONE_SURROGATE.test(name)) return `server name ${quote(name)} is not well-formed text`;
  return undefined;
}

function descriptionProblem(what: string, description: string, max: number): string | undefined {
  if (description.length > max) return `${what} is ${description.length} characters; at most ${max} are accepted`;
  // PostgreSQL text cannot hold NUL; stripping it would change what the source published.
  if (description.includes('\u0000')) return `${what} holds a NUL character`;
  return undefined;
}

/** What is wrong with a tool description's size or content, or undefined. */
export function toolDescriptionProblem(description: string): string | undefined {
  return descriptionProblem('description', description, MAX_TOOL_DESCRIPTION_LENGTH);
}

/** What is wrong with a server description's size or content, or undefined. */
export function serverDescriptionProblem(description: string): string | undefined {
  return descriptionProblem('server description', description, MAX_SERVER_DESCRIPTION_LENGTH);
}

/** True when a value nests objects and arrays deeper than `limit` (default MAX_JSON_DEPTH). Iterative: any depth. */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  return valueNestsDeeperThan(value, limit);
}
