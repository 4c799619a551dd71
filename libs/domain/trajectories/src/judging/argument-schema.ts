// The part of JSON Schema a judge needs to tell whether a call's arguments fit its tool: required properties,
// primitive types and enums, recursively through properties and array items. Other keywords are not checked: a
// real server's schema may use any of them, and a judge that guessed at them would reject good calls.

type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
    case 'boolean':
      return typeof value === type;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return asSchema(value) !== undefined;
    case 'null':
      return value === null;
    default:
      return true; // an unknown type name is the schema's problem, not the call's
  }
}

function typeProblem(value: unknown, schema: Schema, path: string): string | undefined {
  const declared = schema['type'];
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared.filter((t) => typeof t === 'string') : [];
  if (types.length === 0 || types.some((t) => hasType(value, t))) return undefined;
  return `${path} must be ${types.join(' or ')}, not ${typeOf(value)}`;
}

function enumProblem(value: unknown, schema: Schema, path: string): string | undefined {
  const allowed = schema['enum'];
  if (!Array.isArray(allowed)) return undefined;
  if (allowed.some((option) => JSON.stringify(option) === JSON.stringify(value))) return undefined;
  return `${path} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
}

function objectProblems(value: Schema, schema: Schema, path: string): string[] {
  const problems: string[] = [];
  const required = Array.isArray(schema['required']) ? schema['required'] : [];
  for (const name of required) {
    if (typeof name === 'string' && !(name in value)) problems.push(`${path}.${name} is required`);
  }
  const properties = asSchema(schema['properties']) ?? {};
  for (const [name, inner] of Object.entries(value)) {
    const propertySchema = asSchema(properties[name]);
    if (propertySchema) problems.push(...valueProblems(inner, propertySchema, `${path}.${name}`));
  }
  return problems;
}

function valueProblems(value: unknown, schema: Schema, path: string): string[] {
  const wrongType = typeProblem(value, schema, path);
  if (wrongType) return [wrongType];
  const wrongValue = enumProblem(value, schema, path);
  if (wrongValue) return [wrongValue];
  const object = asSchema(value);
  if (object) return objectProblems(object, schema, path);
  const items = asSchema(schema['items']);
  if (Array.isArray(value) && items) return value.flatMap((item, i) => valueProblems(item, items, `${path}[${i}]`));
  return [];
}

/** What is wrong with a call's parsed arguments for a tool's JSON schema (required, type, enum); empty when they fit. */
export function schemaProblems(args: Record<string, unknown>, parameters: Record<string, unknown> | undefined): string[] {
  if (parameters === undefined) return [];
  return valueProblems(args, parameters, 'arguments');
}

/** The arguments text of a call as a JSON object, or why it is not one. A blank text is `{}` (a call without arguments). */
export function parseArguments(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'arguments are not valid JSON' };
  }
  const object = asSchema(value);
  return object ? { ok: true, value: object } : { ok: false, error: `arguments are ${typeOf(value)}, not a JSON object` };
}
