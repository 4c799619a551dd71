import { splitThink } from './think.parser';

/** The outcome of looking for one JSON value in a model's text. */
export type JsonExtraction = { ok: true; value: unknown; text: string } | { ok: false; error: string };

const FENCE = /```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n?([\s\S]*?)```/g;

/** Every fenced code block, with its language tag (lower case, may be empty). */
export function fencedBlocks(text: string): { lang: string; body: string; start: number; end: number }[] {
  const blocks: { lang: string; body: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(FENCE)) {
    blocks.push({ lang: (m[1] ?? '').toLowerCase(), body: m[2] ?? '', start: m.index, end: m.index + m[0].length });
  }
  return blocks;
}

/** Index just past the balanced JSON object or array starting at `start`, or -1. Strings are respected. */
export function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

function tryParse(text: string): JsonExtraction {
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Candidates in order: the whole answer, fenced blocks, then each balanced `{...}` / `[...]` span. */
function candidates(answer: string): string[] {
  const out = [answer];
  for (const block of fencedBlocks(answer)) out.push(block.body.trim());
  for (let i = 0; i < answer.length; i++) {
    const ch = answer[i];
    if (ch !== '{' && ch !== '[') continue;
    const end = balancedEnd(answer, i);
    if (end > 0) {
      out.push(answer.slice(i, end));
      i = end - 1;
    }
  }
  return out;
}

/**
 * Finds the JSON value a model meant as its answer: think tags are stripped, then the whole text, fenced blocks
 * and balanced spans are tried in that order. Nothing is repaired or guessed: text that does not parse is an error.
 */
export function extractJson(text: string): JsonExtraction {
  const { answer, unclosed } = splitThink(text);
  if (answer.length === 0) {
    return { ok: false, error: unclosed ? 'the answer is empty: a <think> block was never closed' : 'the answer is empty' };
  }
  let firstError: string | undefined;
  for (const candidate of candidates(answer)) {
    if (candidate.length === 0) continue;
    const parsed = tryParse(candidate);
    if (parsed.ok) return parsed;
    firstError ??= parsed.error;
  }
  return { ok: false, error: `no JSON value found in the answer (${firstError ?? 'empty'})` };
}
