import { MAX_JSON_CANDIDATES, parseModelJson } from './model-json';
import { splitThink } from './think.parser';

/** The outcome of looking for one JSON value in a model's text. */
export type JsonExtraction = { ok: true; value: unknown; text: string } | { ok: false; error: string };

const FENCE = '```';

/** [A-Za-z0-9_-], the characters of a fence's language tag. */
function isLangChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2d
  );
}

/** A fenced block's header: spaces, a language tag, spaces and one line break, read without backtracking. */
function fenceHeader(text: string, from: number): { lang: string; end: number } {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const langStart = i;
  while (i < text.length && isLangChar(text.charCodeAt(i))) i++;
  const lang = text.slice(langStart, i).toLowerCase();
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '\r') i++;
  if (text[i] === '\n') i++;
  return { lang, end: i };
}

/** A fenced code block: its language tag (lower case, may be empty), its body and where it lies. */
export interface FencedBlock {
  lang: string;
  body: string;
  start: number;
  end: number;
}

/**
 * Every fenced code block, in order, found as they are asked for. A scan with indexOf: the regular expression it
 * replaces backtracked over the header of an unclosed fence (20,000 spaces after ``` took minutes).
 */
export function* fencedBlocks(text: string): Generator<FencedBlock> {
  let from = 0;
  for (;;) {
    const start = text.indexOf(FENCE, from);
    if (start < 0) break;
    const header = fenceHeader(text, start + FENCE.length);
    const close = text.indexOf(FENCE, header.end);
    // Headers hold no backtick, so when this fence never closes no later one can.
    if (close < 0) break;
    yield { lang: header.lang, body: text.slice(header.end, close), start, end: close + FENCE.length };
    from = close + FENCE.length;
  }
}

/** A stack of integers in a typed array: a plain array of a few hundred thousand numbers grows slowly. */
class IntStack {
  private data = new Int32Array(64);
  size = 0;

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  /** The value `fromTop` places below the top (0: the top); the stack must hold it. */
  peek(fromTop = 0): number {
    return this.data[this.size - 1 - fromTop] as number;
  }

  /** The value at `index` from the bottom. */
  at(index: number): number {
    return this.data[index] as number;
  }

  pop(): number {
    return this.data[--this.size] as number;
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The bracket that closes the one at `code`. */
const closerOf = (code: number): number => (code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);

/** Index just past the balanced JSON object or array starting at `start`, or -1. Strings are respected. */
export function balancedEnd(text: string, start: number): number {
  const closers = new IntStack();
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      closers.push(closerOf(code));
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      if (closers.size === 0 || closers.pop() !== code) return -1;
      if (closers.size === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The balanced `{...}` / `[...]` spans of a text as [start, end) in one pass, in order: each outermost span that
 * closes, and the spans closed inside one that never closes or closes with the wrong bracket. Quotes count only
 * inside a span. Found as they are asked for.
 */
export function* balancedSpans(text: string): Generator<[number, number]> {
  const open = new IntStack(); // positions of the open brackets
  // Spans closed inside a bracket still open, as (depth, start, end): they are candidates of their own if it never
  // closes, and dropped when it does. Kept in position order, so giving them up keeps the order.
  const inner = new IntStack();
  function* abandon(): Generator<[number, number]> {
    for (let k = 0; k < inner.size; k += 3) yield [inner.at(k + 1), inner.at(k + 2)];
    inner.size = 0;
    open.size = 0;
  }
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = open.size > 0;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      open.push(i);
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && open.size > 0) {
      if (closerOf(text.charCodeAt(open.peek())) !== code) {
        yield* abandon();
        continue;
      }
      const start = open.pop();
      while (inner.size > 0 && inner.peek(2) > open.size) inner.size -= 3;
      if (open.size === 0) {
        yield [start, i + 1];
      } else {
        inner.push(open.size);
        inner.push(start);
        inner.push(i + 1);
      }
    }
  }
  yield* abandon();
}

/** Candidates in order: the whole answer, fenced blocks, then each balanced `{...}` / `[...]` span. */
function* candidates(answer: string): Generator<string> {
  yield answer;
  for (const block of fencedBlocks(answer)) yield block.body.trim();
  for (const [start, end] of balancedSpans(answer)) yield answer.slice(start, end);
}

/**
 * Finds the JSON value a model meant as its answer: think tags are stripped, then the whole text, fenced blocks
 * and balanced spans are tried in that order. Nothing is repaired or guessed: text that does not parse is an error.
 * Linear in the text; JSON nesting deeper than MAX_MODEL_JSON_DEPTH is refused, and at most MAX_JSON_CANDIDATES
 * candidates are tried.
 */
export function extractJson(text: string): JsonExtraction {
  const { answer, unclosed } = splitThink(text);
  if (answer.length === 0) {
    return { ok: false, error: unclosed ? 'the answer is empty: a <think> block was never closed' : 'the answer is empty' };
  }
  let firstError: string | undefined;
  let tried = 0;
  for (const candidate of candidates(answer)) {
    if (++tried > MAX_JSON_CANDIDATES) break;
    if (candidate.length === 0) continue;
    const parsed = parseModelJson(candidate);
    if (parsed.ok) return { ok: true, value: parsed.value, text: candidate };
    firstError ??= parsed.error;
  }
  return { ok: false, error: `no JSON value found in the answer (${firstError ?? 'empty'})` };
}
