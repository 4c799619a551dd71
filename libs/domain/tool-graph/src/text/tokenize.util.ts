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

/** Folds plurals and a few suffixes so "entities"/"entity" and "files"/"file" meet. */
export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Splits snake_case, kebab-case, camelCase and prose into raw lowercase words. */
export function splitWords(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^a-z0-9]+/).filter((w) => w.length > 0 && !/^[0-9]+$/.test(w));
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
