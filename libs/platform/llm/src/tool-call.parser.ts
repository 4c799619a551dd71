import { balancedEnd, fencedBlocks } from './json-extract';
import type { ToolCall, WireToolCall } from './llm.types';
import { MAX_JSON_CANDIDATES, parseModelJson } from './model-json';

/** Tool calls found in a model's text and the text left once they are taken out. */
export interface TextToolCalls {
  calls: ToolCall[];
  remainder: string;
}

/** Parses a native `tool_calls` entry; invalid argument JSON is reported on the call, not guessed. */
export function parseWireToolCall(wire: WireToolCall, index: number): ToolCall {
  const raw = wire.function.arguments ?? '';
  const id = wire.id || `call_${index}`;
  const parsed = parseArguments(raw.trim() === '' ? '{}' : raw);
  return { id, name: wire.function.name, rawArguments: raw, ...parsed };
}

function parseArguments(raw: string): { arguments: Record<string, unknown> | null; error?: string } {
  const parsed = parseModelJson(raw);
  if (!parsed.ok) return { arguments: null, error: `tool call arguments are not valid JSON: ${parsed.error}` };
  if (isRecord(parsed.value)) return { arguments: parsed.value };
  return { arguments: null, error: 'tool call arguments are not a JSON object' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts `{name, arguments}`, `{name, parameters}` and `{function: {name, arguments}}` shapes. */
function callFromJson(value: unknown, index: number): ToolCall | null {
  if (!isRecord(value)) return null;
  const fn = isRecord(value['function']) ? value['function'] : value;
  const name = fn['name'];
  if (typeof name !== 'string' || name.length === 0) return null;
  const args = fn['arguments'] ?? fn['parameters'] ?? {};
  const id = `call_${index}`;
  if (typeof args === 'string') return { id, name, rawArguments: args, ...parseArguments(args) };
  if (isRecord(args)) return { id, name, rawArguments: JSON.stringify(args), arguments: args };
  return { id, name, rawArguments: JSON.stringify(args), arguments: null, error: 'tool call arguments are not a JSON object' };
}

/**
 * Most tool calls read from one answer's text. More is no real turn, and each broken call costs a failed parse; the
 * calls past it are reported as one call with an error rather than read.
 */
export const MAX_TEXT_TOOL_CALLS = 128;

const tooManyCalls = `more than ${MAX_TEXT_TOOL_CALLS} tool calls in one answer; the rest were not read`;

type BodyCalls = { ok: true; calls: ToolCall[] } | { ok: false; error: string };

/** One JSON body may hold a single call or an array of calls. */
function callsFromBody(body: string, startIndex: number): BodyCalls {
  const parsed = parseModelJson(body);
  if (!parsed.ok) return { ok: false, error: `not valid JSON: ${parsed.error}` };
  const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (startIndex + items.length > MAX_TEXT_TOOL_CALLS) return { ok: false, error: tooManyCalls };
  const calls: ToolCall[] = [];
  for (const item of items) {
    const call = callFromJson(item, startIndex + calls.length);
    if (!call) return { ok: false, error: 'not a tool call (needs a name)' };
    calls.push(call);
  }
  return { ok: true, calls };
}

const HERMES = /<tool_call>([\s\S]*?)(<\/tool_call>|$)/g;

function parseHermes(text: string): TextToolCalls | null {
  if (!text.includes('<tool_call>')) return null;
  const calls: ToolCall[] = [];
  let remainder = '';
  let last = 0;
  for (const m of text.matchAll(HERMES)) {
    remainder += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (calls.length >= MAX_TEXT_TOOL_CALLS) {
      calls.push({ id: `call_${calls.length}`, name: '', rawArguments: '', arguments: null, error: `tool call ${tooManyCalls}` });
      last = text.length;
      break;
    }
    const body = (m[1] ?? '').trim();
    const parsed = callsFromBody(body, calls.length);
    if (!parsed.ok) {
      // A broken call is kept as a call with an error so the caller can tell the model; never dropped or guessed.
      const name = /"name"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? '';
      calls.push({ id: `call_${calls.length}`, name, rawArguments: body, arguments: null, error: `tool call ${parsed.error}` });
    } else {
      for (const call of parsed.calls) calls.push(call);
    }
  }
  remainder += text.slice(last);
  return { calls, remainder: remainder.trim() };
}

function parseFences(text: string): TextToolCalls | null {
  const calls: ToolCall[] = [];
  let remainder = '';
  let last = 0;
  let tried = 0;
  for (const block of fencedBlocks(text)) {
    if (++tried > MAX_JSON_CANDIDATES) break;
    if (block.lang !== '' && !block.lang.startsWith('json') && block.lang !== 'tool_call') continue;
    const parsed = callsFromBody(block.body.trim(), calls.length);
    if (!parsed.ok) continue;
    for (const call of parsed.calls) calls.push(call);
    remainder += text.slice(last, block.start);
    last = block.end;
  }
  if (calls.length === 0) return null;
  remainder += text.slice(last);
  return { calls, remainder: remainder.trim() };
}

/** A whole answer that is nothing but a JSON call (or array of calls). */
function parseBare(text: string): TextToolCalls | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  if (balancedEnd(trimmed, 0) !== trimmed.length) return null;
  const parsed = callsFromBody(trimmed, 0);
  return parsed.ok ? { calls: parsed.calls, remainder: '' } : null;
}

/**
 * Finds tool calls that a model wrote in its text: Hermes `<tool_call>{json}</tool_call>` tags (several per turn),
 * JSON in code fences, or an answer that is only a JSON call. Returns null when the text holds none. Never throws;
 * linear in the text; JSON nesting deeper than MAX_MODEL_JSON_DEPTH makes a call with an error, and so do calls
 * past MAX_TEXT_TOOL_CALLS.
 */
export function parseTextToolCalls(text: string): TextToolCalls | null {
  return parseHermes(text) ?? parseFences(text) ?? parseBare(text);
}
