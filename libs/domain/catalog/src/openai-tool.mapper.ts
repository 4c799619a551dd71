import type { RawServer, RawTool } from './catalog.types';
import { isPlainObject } from './json-schema.normalizer';

/**
 * Maps one OpenAI-style tool definition to a raw tool. Accepts the wrapped form
 * `{ type: 'function', function: {...} }` and the bare BFCL form `{ name, description, parameters, response }`.
 */
export function mapOpenAiTool(definition: unknown): RawTool {
  const inner = isPlainObject(definition) && isPlainObject(definition.function) ? definition.function : definition;
  if (!isPlainObject(inner)) return { name: undefined, description: undefined, inputSchema: inner };
  return {
    name: inner.name,
    description: inner.description,
    inputSchema: inner.parameters ?? inner.input_schema ?? inner.inputSchema,
    outputSchema: inner.response ?? inner.output_schema ?? inner.outputSchema,
  };
}

/** The tool definitions of an OpenAI tools file: a list, or an object with a `tools` list. */
export function openAiToolList(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (isPlainObject(document) && Array.isArray(document.tools)) return document.tools;
  if (isPlainObject(document) && (isPlainObject(document.function) || typeof document.name === 'string')) return [document];
  throw new Error('expected a list of tool definitions or an object with a "tools" list');
}

/** Maps an OpenAI tools file to one raw server named `server`. */
export function mapOpenAiToolsFile(document: unknown, server: string): RawServer {
  return { name: server, origin: 'openai-tools', metadata: {}, tools: openAiToolList(document).map(mapOpenAiTool) };
}
