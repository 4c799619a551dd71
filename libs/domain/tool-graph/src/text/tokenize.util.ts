// Tokenisation for lexical matching of tool names, descriptions and schema fields.

const STOP_WORDS = new Set(
  (
    'a an the and or of to in on for by with from at as is are be been being it its this that these those ' +
    'can may must should will would use used using when if into via per all any each every some no not only ' +
    'new one two you your we our their there here than then also more most such which who what where how ' +
    'up out over under about after before between within without do does return returns provide provided ' +
    'given specified optional default value values list array multiple single whether e g i etc just like ' +
    'operation tool set get'
  ).split(' '),
);

// Plurals the suffix rules below would get wrong.
const IRREGULAR: Record<string, string> = { children: 'child', indices: 'index', people: 'person', data: 'data' };

// Plurals whose "es" goes ("boxes" -> "box"), and endings where a final "s" is not a plural ("status", "basis").
const ES_PLURALS = ['sses', 'xes', 'ches', 'shes', 'zes'];
const S_SINGULARS = ['ss', 'us', 'is'];

/** Folds plurals and a few suffixes so "entities"/"entity" and "files"/"file" meet. */
export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (ES_PLURALS.some((suffix) => word.endsWith(suffix))) return word.slice(0, -2);
  if (word.endsWith('s') && !S_SINGULARS.some((suffix) => word.endsWith(suffix))) return word.slice(0, -1);
  return word;
}

const isUpper = (code: number): boolean => code >= 65 && code <= 90;
const isLower = (code: number): boolean => code >= 97 && code <= 122;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * A camelCase boundary before `i`: a capital after a lowercase letter or digit ("getUser" -> "get User"), or the last
 * capital of a run that a lowercase letter follows ("HTMLParser" -> "HTML Parser"). Checked per character: the
 * regular expression that did this backtracked over every run of capitals, so long capitalised text was quadratic.
 */
function isCamelBoundary(text: string, i: number): boolean {
  if (i === 0 || !isUpper(text.charCodeAt(i))) return false;
  const prev = text.charCodeAt(i - 1);
  return isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(text.charCodeAt(i + 1)));
}

/** Runs of [a-z0-9] in `lower` that hold a letter, also cut where `boundary` says. */
function wordsOf(lower: string, boundary: (i: number) => boolean): string[] {
  const words: string[] = [];
  let start = -1;
  let letters = false;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : -1;
    const letter = isLower(code);
    const inWord = letter || isDigit(code);
    if (start >= 0 && (!inWord || boundary(i))) {
      if (letters) words.push(lower.slice(start, i));
      start = -1;
      letters = false;
    }
    if (!inWord) continue;
    if (start < 0) start = i;
    letters ||= letter;
  }
  return words;
}

/** Splits snake_case, kebab-case, camelCase and prose into raw lowercase words, in one pass over the text. */
export function splitWords(text: string): string[] {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return wordsOf(lower, (i) => isCamelBoundary(text, i));
  // A few letters (İ) lengthen when lower-cased, so positions shift: mark the boundaries with spaces first.
  const parts: string[] = [];
  let from = 0;
  for (let i = 1; i < text.length; i++) {
    if (!isCamelBoundary(text, i)) continue;
    parts.push(text.slice(from, i));
    from = i;
  }
  parts.push(text.slice(from));
  return wordsOf(parts.join(' ').toLowerCase(), () => false);
}

/** Words minus stop words, stemmed: the unit of every lexical comparison here. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of splitWords(text)) {
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** True for stop words, exposed so callers can filter name tokens consistently. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
