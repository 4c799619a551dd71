import type { Cassette, RuleMatch, ScriptedReply, ScriptedRule } from './llm-server.types';

interface WireMessage {
  role?: unknown;
  content?: unknown;
}

function messageText(m: WireMessage): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content)) {
    return m.content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('');
  }
  return '';
}

function toolNames(body: Record<string, unknown>): Set<string> {
  const tools = Array.isArray(body['tools']) ? (body['tools'] as { function?: { name?: unknown } }[]) : [];
  return new Set(tools.map((t) => t.function?.name).filter((n): n is string => typeof n === 'string'));
}

/** True when every condition of `match` holds for the request body. */
export function ruleMatches(match: RuleMatch | undefined, body: Record<string, unknown>): boolean {
  if (!match) return true;
  if (match.model !== undefined && body['model'] !== match.model) return false;
  if (match.tools) {
    const offered = toolNames(body);
    if (!match.tools.every((t) => offered.has(t))) return false;
  }
  if (match.contains === undefined && match.regex === undefined && match.role === undefined) return true;
  let messages = (Array.isArray(body['messages']) ? body['messages'] : []) as WireMessage[];
  if (match.role) messages = messages.filter((m) => m.role === match.role);
  if (match.lastOnly) messages = messages.slice(-1);
  const regex = match.regex === undefined ? undefined : new RegExp(match.regex, 's');
  return messages.some((m) => {
    const text = messageText(m);
    return (match.contains === undefined || text.includes(match.contains)) && (regex === undefined || regex.test(text));
  });
}

/** Rules with their use counts; picks the answer for a request. */
export class RuleBook {
  private rules: { rule: ScriptedRule; used: number }[] = [];

  add(rules: ScriptedRule[]): void {
    this.rules.push(...rules.map((rule) => ({ rule, used: 0 })));
  }

  replace(rules: ScriptedRule[]): void {
    this.rules = [];
    this.add(rules);
  }

  get size(): number {
    return this.rules.length;
  }

  models(): string[] {
    return this.rules.map((r) => r.rule.match?.model).filter((m): m is string => m !== undefined);
  }

  /** The reply of the first matching rule that is not used up, or undefined. */
  answer(body: Record<string, unknown>): ScriptedReply | undefined {
    for (const entry of this.rules) {
      if (entry.rule.times !== undefined && entry.used >= entry.rule.times) continue;
      if (!ruleMatches(entry.rule.match, body)) continue;
      const replies = Array.isArray(entry.rule.reply) ? entry.rule.reply : [entry.rule.reply];
      const reply = replies[Math.min(entry.used, replies.length - 1)];
      entry.used++;
      return reply;
    }
    return undefined;
  }
}

/** JSON with sorted keys, so a cassette matches whatever key order the client sent. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec)
    .filter((k) => rec[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(rec[k])}`).join(',')}}`;
}

/** Recorded exchanges keyed by (model?, messages, tools?). */
export class CassetteDeck {
  private readonly byKey = new Map<string, Record<string, unknown>>();

  add(cassettes: Cassette[]): void {
    for (const c of cassettes) this.byKey.set(this.key(c.request.model, c.request.messages, c.request.tools), c.response);
  }

  find(body: Record<string, unknown>): Record<string, unknown> | undefined {
    if (this.byKey.size === 0) return undefined;
    const tools = body['tools'] as unknown[] | undefined;
    const messages = body['messages'] as unknown[];
    return this.byKey.get(this.key(body['model'] as string, messages, tools)) ?? this.byKey.get(this.key(undefined, messages, tools));
  }

  private key(model: string | undefined, messages: unknown[], tools: unknown[] | undefined): string {
    return stableJson({ model, messages, tools: tools && tools.length > 0 ? tools : undefined });
  }
}
