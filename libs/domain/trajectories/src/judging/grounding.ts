import { containsAnswer, normaliseAnswer } from '@astra/domain/environments';

// Words too common to show that an answer used a tool's output, JSON literals included.
const STOP_WORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out has him his how its may new now old see two who ' +
    'did get let say she too use that with have this will your from they know want been good much some time very when ' +
    'come here just like long make many more only over such take than them well were what which their there these ' +
    'those would about after again also because before being could does each into most other should then through ' +
    'under until where while why yes true false null none undefined result results error ok'
  ).split(' '),
);

const NUMBER = /^\d+(?:\.\d+)?$/;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

/** The leaf values of a JSON result (keys say nothing of what the tool found), or the text itself. */
function resultLeaves(content: string): string {
  return leafValues(content).join(' \n ');
}

/** The leaf values of a JSON result, or the text itself as the one value. */
function leafValues(content: string): string[] {
  const text = content.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return [text];
  try {
    const leaves: string[] = [];
    const walk = (value: unknown): void => {
      if (value === null || value === undefined) return;
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object') Object.values(value).forEach(walk);
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') leaves.push(String(value));
    };
    walk(JSON.parse(text));
    return leaves;
  } catch {
    return [text];
  }
}

/** Runs of CJK text have no spaces: their three-character shingles stand for words. */
function shingles(word: string): string[] {
  if (!CJK.test(word) || word.length <= 3) return [word];
  const out: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) out.push(word.slice(i, i + 3));
  return out;
}

/** Numbers and distinctive words (3+ characters, not a stop word) of a text, normalised. */
export function distinctiveTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const raw of normaliseAnswer(text).split(/[^\p{L}\p{N}.]+/u)) {
    const token = raw.replace(/^\.+|\.+$/g, '');
    if (NUMBER.test(token)) tokens.add(token);
    else if (token.length >= 3 && !STOP_WORDS.has(token)) for (const s of shingles(token)) tokens.add(s);
  }
  return tokens;
}

/** The numbers and distinctive words of the tool results that the answer repeats. */
export function sharedTokens(answer: string, results: string[]): string[] {
  const inAnswer = distinctiveTokens(answer);
  const shared = new Set<string>();
  for (const result of results) {
    for (const token of distinctiveTokens(resultLeaves(result))) if (inAnswer.has(token)) shared.add(token);
    // A whole short value of a JSON result (an element symbol "Cs", a grade "B") is as telling as a long word when the
    // answer repeats it as a word of its own.
    for (const leaf of leafValues(result)) {
      const value = normaliseAnswer(leaf);
      if (result.trim() !== leaf && value.length > 0 && value.length < 3 && !STOP_WORDS.has(value) && containsAnswer(answer, leaf))
        shared.add(value);
    }
  }
  return [...shared];
}
