// Per-tool cues of state: the words by which a schema or description says that a tool logs in, sets what is
// "current", checks a quantity, commits a purchase, converts a unit, or needs some state first. General English
// words and schema shapes only, never tool names of a particular API.

import { SchemaField, flattenFields } from '../schema/schema-fields.util';
import { splitWords, stem, tokenize } from '../text/tokenize.util';
import { ToolSpec } from '../tool-graph.types';

const words = (s: string): Set<string> => new Set(s.split(' '));

// Verbs (and two-word phrases, joined) that open or close a session as a user.
const LOGIN = words('login logon signin authenticate authorize auth log_in sign_in');
const LOGOUT = words('logout logoff signout log_out sign_out');
// Credentials a login returns and later calls carry.
const CREDENTIAL = words('token session sid jwt bearer cookie');
// Words that say a tool acts as, or on data of, the person logged in.
const USER_SCOPE = words('user users account accounts member members my own logged authenticated profile personal behalf');
// Verbs with an effect: acting this way is done as someone.
const EFFECT_VERBS = words(
  'create add insert make write upload post register update edit modify patch set append replace change assign attach ' +
    'close resolve mark delete remove cancel archive book buy purchase pay order place reserve rent transfer withdraw ' +
    'deposit sell send submit share follow comment reply invite link renew',
);
// Verbs that make something current for the calls after: select an account, open a ticket, change directory.
const SETTER_VERBS = words('select choose switch use activate focus open change set enter cd chdir');
// Qualifiers that name "the one made current": the current directory, the selected account.
const CURRENT = words('current selected active working chosen opened');
// Quantities one looks up before committing to a purchase, a booking or a payment.
const CHECK_WORDS = words(
  'price prices cost costs fare fares quote balance balances fund funds available availability seat seats stock level fee fees limit capacity',
);
const CHECK_VERBS = words('get check verify display show read fetch query estimate lookup view inspect retrieve calculate');
// Commitments a check comes before: they spend money, seats or stock.
const COMMIT_VERBS = words('book buy purchase pay order place reserve rent transfer withdraw checkout charge fill subscribe');
const CONVERT_VERBS = words('convert conversion exchange');
// Words that say a value is money, for currency conversions.
const MONEY = words('amount price cost budget value money payment total currency usd eur');
// Words of a stated precondition: "the brake pedal must be pressed before starting".
// ("only" and "need" left out: "use this when you need to", "read only the first lines" state no precondition.)
const PRECONDITION = words('must require requires required before first after');

/** Inflected and resulting-state forms of a verb, so "start" meets "starting", "started" and "running". */
const STATE_FORMS: Record<string, string[]> = {
  start: ['running', 'on', 'started'],
  stop: ['stopped', 'off'],
  login: ['logged', 'authenticated', 'signed'],
  authenticate: ['logged', 'authenticated', 'signed'],
  enable: ['enabled', 'on'],
  disable: ['disabled', 'off'],
  connect: ['connected'],
};

/** The forms a verb takes in prose: -s, -es, -ed, -d, -ing, doubled consonants, dropped e. */
export function verbForms(verb: string): Set<string> {
  const last = verb.slice(-1);
  const stemE = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  return new Set([
    verb,
    `${verb}s`,
    `${verb}es`,
    `${stemE}ed`,
    `${stemE}ing`,
    `${verb}${last}ed`,
    `${verb}${last}ing`,
    ...(STATE_FORMS[verb] ?? []),
  ]);
}

/** What the state rules know about one tool. */
export interface StateCues {
  tool: ToolSpec;
  nameWords: string[];
  /** The first verb of the name, or of the description when the name has none we know. */
  verb: string;
  /** Stemmed nouns of the name (the verb and short words left out). */
  entities: Set<string>;
  /** Stemmed words of the name, description and parameter names and descriptions. */
  text: Set<string>;
  params: SchemaField[];
  outputs: SchemaField[];
  login: boolean;
  logout: boolean;
  /** Entities this tool makes current ("change the current working directory", select_account). */
  sets: Set<string>;
  /** Entities this tool works on as "current" or "selected". */
  usesCurrent: Set<string>;
  /** Raw words of each sentence that states a precondition. */
  preconditions: string[][];
  userScoped: boolean;
  converter: boolean;
  commits: boolean;
  checks: Set<string>;
}

const LOOKUP_VERBS = words('list search find');
const KNOWN_VERBS = new Set([
  ...EFFECT_VERBS,
  ...SETTER_VERBS,
  ...CHECK_VERBS,
  ...COMMIT_VERBS,
  ...CONVERT_VERBS,
  ...LOGIN,
  ...LOGOUT,
  ...LOOKUP_VERBS,
]);

function joinedNameWords(name: string): string[] {
  const raw = splitWords(name);
  // "log_in", "sign_out" as one verb.
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const w = raw[i] as string;
    const next = raw[i + 1];
    if ((w === 'log' || w === 'sign') && (next === 'in' || next === 'out' || next === 'on' || next === 'off')) {
      out.push(`${w}_${next}`);
      i += 1;
    } else out.push(w);
  }
  return out;
}

function firstVerb(nameWords: string[], description: string): string {
  const inName = nameWords.find((w) => KNOWN_VERBS.has(w));
  if (inName) return inName;
  const first = splitWords(description)[0] ?? '';
  // Descriptions open with the verb, often in the third person: "Locks the doors", "Converts liters".
  const candidates = [first, first.replace(/es$/, ''), first.replace(/s$/, '')];
  const known = candidates.find((c) => KNOWN_VERBS.has(c));
  if (known) return known;
  // A verb we do not list still names the effect when the name starts with it: lock_doors, "Locks the doors".
  const head = nameWords[0];
  return head !== undefined && nameWords.length > 1 && candidates.includes(head) ? head : '';
}

function sentences(text: string): string[][] {
  return text
    .split(/[.;!?]\s+|\n/)
    .map((s) => splitWords(s))
    .filter((s) => s.length > 0);
}

/** Entities after a "current"-word in prose: "the current working directory" gives directory. */
function currentEntities(raw: string[]): Set<string> {
  const found = new Set<string>();
  raw.forEach((w, i) => {
    if (!CURRENT.has(w)) return;
    for (let j = i + 1; j < Math.min(raw.length, i + 4); j += 1) {
      const next = raw[j] as string;
      if (CURRENT.has(next)) continue;
      if (next.length > 2) found.add(stem(next));
      break;
    }
  });
  return found;
}

function allProse(tool: ToolSpec, params: SchemaField[]): string {
  return [tool.description, ...params.map((p) => `${p.name} ${p.description}`)].join('. ');
}

function setterEntities(verb: string, entities: Set<string>, description: string): Set<string> {
  const sets = new Set<string>();
  const raw = splitWords(description);
  // "Change the current working directory", "Set the active profile": a setter verb then a current-word.
  const head = raw.slice(0, 4);
  if (head.some((w) => SETTER_VERBS.has(w)) && head.some((w) => CURRENT.has(w))) for (const e of currentEntities(raw)) sets.add(e);
  // select_account, open_ticket, switch_workspace: the entity of a setter name, when its description says it lasts.
  const lasting = /\b(later|subsequent|following|next|current|active|apply to it|act on|works? on)\b/i.test(description);
  if (SETTER_VERBS.has(verb) && verb !== 'set' && verb !== 'change' && lasting) for (const e of entities) sets.add(e);
  return sets;
}

function checkedQuantities(nameWords: string[], outputs: SchemaField[], verb: string): Set<string> {
  const found = new Set<string>();
  if (!CHECK_VERBS.has(verb) && verb !== '') return found;
  const pool = [...nameWords, ...outputs.flatMap((o) => splitWords(o.name))];
  for (const w of pool) if (CHECK_WORDS.has(w)) found.add(stem(w));
  return found;
}

/** Computes the state cues of one tool. */
export function stateCues(tool: ToolSpec): StateCues {
  const nameWords = joinedNameWords(tool.name);
  const verb = firstVerb(nameWords, tool.description);
  const params = flattenFields(tool.parameters);
  const outputs = flattenFields(tool.outputSchema);
  const entities = new Set(nameWords.filter((w) => !KNOWN_VERBS.has(w) && w !== verb && w.length > 2).map(stem));
  const prose = allProse(tool, params);
  const proseWords = splitWords(prose);
  const login = nameWords.some((w) => LOGIN.has(w)) || (!nameWords.some((w) => LOGOUT.has(w)) && LOGIN.has(verb));
  return {
    tool,
    nameWords,
    verb,
    entities,
    text: new Set([...tokenize(tool.name), ...tokenize(prose)]),
    params,
    outputs,
    login,
    logout: nameWords.some((w) => LOGOUT.has(w)),
    sets: setterEntities(verb, entities, tool.description),
    usesCurrent: currentEntities(proseWords),
    preconditions: sentences(tool.description).filter((s) => s.some((w) => PRECONDITION.has(w))),
    userScoped: proseWords.some((w) => USER_SCOPE.has(w)) || nameWords.some((w) => USER_SCOPE.has(w)),
    converter: CONVERT_VERBS.has(verb) || isUnitToUnit(nameWords),
    commits: COMMIT_VERBS.has(verb),
    checks: checkedQuantities(nameWords, outputs, verb),
  };
}

/** "liter_to_gallon", "km_to_miles": a name that reads <unit> to <unit>. */
function isUnitToUnit(nameWords: string[]): boolean {
  const at = nameWords.indexOf('to');
  return at > 0 && at < nameWords.length - 1 && nameWords.length <= 4;
}

/** Whether a parameter looks like a login credential the session hands out. */
export function isCredential(field: SchemaField): boolean {
  return splitWords(field.name).some((w) => CREDENTIAL.has(w));
}

/** Whether a tool only reads or looks up (so it cannot bring about a state another tool needs). */
export function onlyReads(cues: StateCues): boolean {
  return CHECK_VERBS.has(cues.verb) || LOOKUP_VERBS.has(cues.verb);
}

/** Whether a tool lists or searches. */
export function lists(cues: StateCues): boolean {
  return LOOKUP_VERBS.has(cues.verb);
}

/** Whether a tool's verb has an effect (so acting with it is done as someone). */
export function hasEffect(cues: StateCues): boolean {
  return EFFECT_VERBS.has(cues.verb);
}

/** Whether a word is one of money. */
export function isMoneyWord(word: string): boolean {
  return MONEY.has(word);
}

/** The words a conversion produces: the unit after "to" in its name, and its output field names. */
export function conversionTargets(cues: StateCues): Set<string> {
  const targets = new Set<string>();
  const at = cues.nameWords.indexOf('to');
  if (at > 0) for (const w of cues.nameWords.slice(at + 1)) targets.add(stem(w));
  for (const o of cues.outputs) for (const w of splitWords(o.name)) if (w.length > 1) targets.add(stem(w));
  return targets;
}
