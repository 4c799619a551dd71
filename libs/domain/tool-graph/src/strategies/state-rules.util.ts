// State dependencies that data flow cannot see: log in before acting as the user, make something current before the
// tools that work on "the current" one, check a price or balance before committing, convert a unit before the
// argument that wants it. Each rule reads cues (words, schema shapes) from state-cues.util.ts.

import { splitWords, stem } from '../text/tokenize.util';
import { EdgeEvidence, StateEdgeKind } from '../tool-graph.types';
import { StateCues, conversionTargets, hasEffect, isCredential, isMoneyWord, lists, onlyReads, verbForms } from './state-cues.util';

/** One dependency found between two tools by the state rules (state evidence, or a data cue of the current one). */
export interface StateLink {
  from: string;
  to: string;
  evidence: Extract<EdgeEvidence, { kind: 'state' } | { kind: 'resource' }>;
}

/** Scores of the state rules; each says how sure a cue of its kind is on its own. */
export interface StateScores {
  sessionCredential: number;
  sessionLogout: number;
  sessionUser: number;
  sessionEffect: number;
  sessionInherited: number;
  contextCurrent: number;
  listingCurrent: number;
  contextPrecondition: number;
  checkField: number;
  checkSameObject: number;
  conversionUnit: number;
  conversionMoney: number;
}

/** Defaults of the state rules. */
export const DEFAULT_STATE_SCORES: StateScores = {
  sessionCredential: 0.9,
  sessionLogout: 0.8,
  sessionUser: 0.7,
  sessionEffect: 0.6,
  sessionInherited: 0.5,
  contextCurrent: 0.75,
  listingCurrent: 0.6,
  contextPrecondition: 0.7,
  checkField: 0.65,
  checkSameObject: 0.6,
  conversionUnit: 0.65,
  conversionMoney: 0.6,
};

const link = (from: StateCues, to: StateCues, rule: StateEdgeKind, cue: string, score: number): StateLink => ({
  from: from.tool.name,
  to: to.tool.name,
  evidence: { kind: 'state', rule, cue, score },
});

/** Login before the tools that act as the user: those taking its credential, or else those the words put in a session. */
export function sessionLinks(cues: readonly StateCues[], s: StateScores): StateLink[] {
  const logins = cues.filter((c) => c.login);
  if (logins.length === 0) return [];
  // Where calls carry a credential, the schema says exactly which need the session.
  const byCredential = cues.some((c) => !c.login && c.params.some(isCredential));
  const found: StateLink[] = [];
  for (const login of logins) {
    for (const c of cues) {
      if (c === login || c.login) continue;
      const credential = c.params.find(isCredential);
      if (byCredential) {
        if (credential) found.push(link(login, c, 'session', `takes ${credential.path}`, s.sessionCredential));
        else if (c.logout) found.push(link(login, c, 'session', 'logs out', s.sessionLogout));
      } else if (c.logout) found.push(link(login, c, 'session', 'logs out', s.sessionLogout));
      else if (c.userScoped) found.push(link(login, c, 'session', 'acts on the user or account', s.sessionUser));
      else if (hasEffect(c)) found.push(link(login, c, 'session', `effect "${c.verb}"`, s.sessionEffect));
    }
  }
  return found;
}

/**
 * A tool whose identifying parameters only tools of the session feed needs the session too: reading an order that
 * only the logged-in user's tools return.
 */
export function inheritedSessionLinks(
  cues: readonly StateCues[],
  session: readonly StateLink[],
  dataInto: ReadonlyMap<string, ReadonlySet<string>>,
  s: StateScores,
): StateLink[] {
  const found: StateLink[] = [];
  for (const login of cues.filter((c) => c.login)) {
    const inSession = new Set(session.filter((l) => l.from === login.tool.name).map((l) => l.to));
    for (const c of cues) {
      if (c === login || c.login || inSession.has(c.tool.name)) continue;
      const feeders = [...(dataInto.get(c.tool.name) ?? [])].filter((f) => f !== login.tool.name);
      if (feeders.length === 0 || !feeders.every((f) => inSession.has(f))) continue;
      found.push(link(login, c, 'session', `its inputs come only from ${feeders.sort().join(', ')}`, s.sessionInherited));
    }
  }
  return found;
}

/** Make-current before use-the-current, and what a description states must happen first. */
export function contextLinks(cues: readonly StateCues[], s: StateScores): StateLink[] {
  const found: StateLink[] = [];
  for (const setter of cues) {
    if (setter.sets.size === 0) continue;
    for (const c of cues) {
      if (c === setter) continue;
      const entity = [...setter.sets].find((e) => c.usesCurrent.has(e) && !c.sets.has(e));
      if (entity) found.push(link(setter, c, 'context', `works on the current ${entity}`, s.contextCurrent));
    }
  }
  for (const c of cues) {
    for (const sentence of c.preconditions) {
      for (const p of cues) {
        // Reading changes nothing, so a reader cannot bring about what a precondition asks for.
        if (p === c || p.verb === '' || onlyReads(p) || p.sets.size > 0) continue;
        if (!statesEffectOf(sentence, p)) continue;
        found.push(link(p, c, 'context', `precondition "${sentence.join(' ')}"`, s.contextPrecondition));
      }
    }
  }
  return found;
}

// The sentence names p's verb (in any form, or the state it leaves) and one of the things p acts on.
function statesEffectOf(sentence: readonly string[], p: StateCues): boolean {
  const forms = verbForms(p.verb);
  if (!sentence.some((w) => forms.has(w))) return false;
  const stems = new Set(sentence.map(stem));
  return [...p.entities].some((e) => stems.has(e));
}

/**
 * Data a listing of the current place feeds: "list the contents of the current directory" gives the names that the
 * tools working in the current directory take. Creators make new names, and other listers search for their own.
 */
export function currentListingLinks(cues: readonly StateCues[], s: StateScores): StateLink[] {
  const found: StateLink[] = [];
  for (const lister of cues) {
    // A search inside one named item (lines of a file) lists no names of the place: a lister requires no item.
    if (!lists(lister) || lister.usesCurrent.size === 0 || !returnsNames(lister) || lister.params.some((p) => p.required)) continue;
    for (const c of cues) {
      if (c === lister || CREATE_VERBS.has(c.verb)) continue;
      const entity = [...lister.usesCurrent].find((e) => c.usesCurrent.has(e));
      const named = c.params.some((p) => p.required && p.type === 'string');
      if (!entity || !named) continue;
      found.push({
        from: lister.tool.name,
        to: c.tool.name,
        evidence: { kind: 'resource', rule: 'list-current-before-use', entity, score: s.listingCurrent },
      });
    }
  }
  return found;
}

// A list of strings among the outputs: the names of what was listed.
function returnsNames(c: StateCues): boolean {
  const props = c.tool.outputSchema?.properties ?? {};
  return Object.values(props).some((p) => p.type === 'array' && !Array.isArray(p.items) && p.items?.type === 'string');
}

const CREATE_VERBS = new Set(['create', 'add', 'insert', 'make', 'write', 'upload', 'post', 'register', 'new']);

/** A lookup of price, availability or balance before the booking, purchase or payment it is about. */
export function checkLinks(cues: readonly StateCues[], s: StateScores): StateLink[] {
  const found: StateLink[] = [];
  for (const k of cues) {
    if (k.checks.size === 0) continue;
    for (const m of cues) {
      if (m === k || !m.commits || readsResultOf(k, m)) continue;
      const cue = checkCue(k, m);
      if (cue) found.push(link(k, m, 'check', cue.text, cue.same ? s.checkSameObject : s.checkField));
    }
  }
  return found;
}

// A check that needs what the commit returns (an order id) comes after it, not before.
function readsResultOf(k: StateCues, m: StateCues): boolean {
  const returned = new Set(m.outputs.map((o) => o.name));
  return k.params.some((p) => p.required && returned.has(p.name));
}

function checkCue(k: StateCues, m: StateCues): { text: string; same: boolean } | undefined {
  const paramNames = new Set(m.params.map((p) => p.name));
  const fed = k.outputs.find((o) => paramNames.has(o.name) && splitWords(o.name).some((w) => k.checks.has(stem(w))));
  if (fed) return { text: `${fed.name} checked before it is committed`, same: false };
  const keys = k.params.filter((p) => p.required && !isCredential(p));
  if (keys.length > 0 && keys.every((p) => paramNames.has(p.name))) {
    return { text: `checks the same ${keys.map((p) => p.name).join(', ')}`, same: true };
  }
  const mWords = new Set([...m.entities, ...m.params.flatMap((p) => splitWords(p.name).map(stem))]);
  const shared = k.outputs.find(
    (o) => splitWords(o.name).some((w) => k.checks.has(stem(w))) && splitWords(o.name).some((w) => mWords.has(stem(w))),
  );
  if (shared) return { text: `${shared.name} checked before it is committed`, same: false };
  const quantity = [...k.checks].find((q) => m.text.has(q));
  const current = [...k.usesCurrent].find((e) => m.usesCurrent.has(e));
  if (quantity) return { text: `its description names the ${quantity}`, same: true };
  if (current) return { text: `both work on the current ${current}`, same: true };
  return undefined;
}

/** A unit or currency conversion before the tool whose numeric argument wants the converted value. */
export function conversionLinks(cues: readonly StateCues[], fedByName: ReadonlySet<string>, s: StateScores): StateLink[] {
  const found: StateLink[] = [];
  for (const v of cues) {
    if (!v.converter) continue;
    const units = [...conversionTargets(v)].filter((w) => !GENERIC_OUTPUT.has(w));
    const currency = v.text.has('currency');
    for (const c of cues) {
      if (c === v || c.converter) continue;
      for (const p of c.params) {
        if (p.type !== 'number' && p.type !== 'integer') continue;
        // A value another tool returns under the same name comes from that tool, not from a conversion.
        if (fedByName.has(`${c.tool.name}\u0000${p.name}`)) continue;
        const pWords = [...splitWords(p.name), ...splitWords(p.description)];
        const unit = units.find((u) => pWords.some((w) => stem(w) === u));
        if (unit) {
          found.push(link(v, c, 'conversion', `${p.path} is in ${unit}`, s.conversionUnit));
          break;
        }
        if (currency && pWords.some(isMoneyWord) && (c.text.has('currency') || pWords.some((w) => w === 'usd' || w === 'eur'))) {
          found.push(link(v, c, 'conversion', `${p.path} is money in a given currency`, s.conversionMoney));
          break;
        }
      }
    }
  }
  return found;
}

const GENERIC_OUTPUT = new Set(['amount', 'value', 'result', 'converted', 'exchanged', 'rate', 'status']);
