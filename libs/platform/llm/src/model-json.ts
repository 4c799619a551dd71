import { textNestsDeeperThan } from '@astra/contracts';

/**
 * Deepest nesting of objects and arrays accepted in JSON that a model or an LLM server wrote. Deeper JSON is refused
 * before it is parsed: JSON.stringify overflows the stack at a few thousand levels (caches, transcripts and hashes
 * all stringify), parsing very deep text is slow, and no answer or tool argument needs more than a few dozen levels.
 */
export const MAX_MODEL_JSON_DEPTH = 128;

/**
 * Most pieces of one answer (fenced blocks, bracketed spans) tried as JSON. Each failed JSON.parse costs a few
 * microseconds (V8 builds a SyntaxError), so an answer of a hundred thousand broken brackets would stall the event
 * loop; a real answer holds its JSON among a handful of candidates.
 */
export const MAX_JSON_CANDIDATES = 1000;

export type ModelJson = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse for model output: the value, or why not (too deep, or the parser's message). Never throws. */
export function parseModelJson(text: string): ModelJson {
  if (textNestsDeeperThan(text, MAX_MODEL_JSON_DEPTH)) {
    return { ok: false, error: `the JSON nests objects and arrays deeper than ${MAX_MODEL_JSON_DEPTH} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
