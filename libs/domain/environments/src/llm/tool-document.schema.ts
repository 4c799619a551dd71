import { z } from 'zod';

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;
type JsonType = (typeof JSON_TYPES)[number];

const PropertySchema = z.object({ type: z.enum(JSON_TYPES), description: z.string().max(2000).optional() }).loose();

/** A tool document as the tool_writer answers it: an OpenAI function schema with at least one typed parameter. */
export const ToolDocumentSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a tool name is a Python identifier of at most 64 characters'),
    description: z.string().trim().min(1).max(4000),
    parameters: z.object({
      type: z.literal('object'),
      properties: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name is a Python identifier'), PropertySchema),
      required: z.array(z.string()).default([]),
    }),
  })
  .superRefine((doc, ctx) => {
    const names = Object.keys(doc.parameters.properties);
    if (names.length === 0) ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'the tool needs at least one parameter' });
    for (const name of doc.parameters.required) {
      if (!names.includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['parameters', 'required'], message: `required "${name}" is not a property` });
      }
    }
  });
export type ToolDocument = z.infer<typeof ToolDocumentSchema>;

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** What is wrong with arguments for a tool: unknown names, missing required ones, values of the wrong type. */
export function argumentProblems(doc: ToolDocument, args: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const props = doc.parameters.properties;
  for (const [name, value] of Object.entries(args)) {
    const prop = props[name];
    if (prop === undefined) problems.push(`"${name}" is not a parameter of ${doc.name}`);
    else if (!hasType(value, prop.type)) problems.push(`"${name}" must be of type ${prop.type}`);
  }
  for (const name of doc.parameters.required) {
    if (!(name in args)) problems.push(`the required argument "${name}" is missing`);
  }
  return problems;
}

const WRONG_VALUE: Record<JsonType, unknown> = {
  string: 12345,
  number: 'not-a-number',
  integer: 'not-an-integer',
  boolean: 'not-a-boolean',
  array: 'not-an-array',
  object: 'not-an-object',
};

/**
 * Calls that must fail with a clear error, derived from the document rather than asked of the model: no arguments
 * at all (when some are required), and the good call with one argument of the wrong type, for up to 3 parameters.
 */
export function deriveBadCalls(doc: ToolDocument, good: Record<string, unknown>): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = [];
  if (doc.parameters.required.length > 0) calls.push({});
  const typed = Object.entries(doc.parameters.properties).filter(([name]) => name in good);
  for (const [name, prop] of typed.slice(0, 3)) calls.push({ ...good, [name]: WRONG_VALUE[prop.type] });
  return calls;
}
