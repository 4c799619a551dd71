// How an expected answer is found in a tool's output or a final answer: case, whitespace, thousands separators and
// number formats do not matter ("1,234.50" matches "1234.5"; "Paris" matches "paris"). Used by the tool checks
// here and by the reward, so an environment that passed its checks scores the way its checks saw it.

const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** Canonical text of a number token: no separators, no trailing zeros, no exponent. */
function canonicalNumber(token: string): string {
  const value = Number(token.replace(/,/g, ''));
  if (!Number.isFinite(value)) return token;
  if (Number.isInteger(value)) return value.toString();
  return Number(value.toPrecision(12)).toString();
}

/** Lower case, numbers canonical, punctuation around words dropped, runs of whitespace one space. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NUMBER, (token) => ` ${canonicalNumber(token)} `)
    .replace(/["'`“”‘’«»(){}[\]<>]/g, ' ')
    .replace(/[,;:!?]+(\s|$)/g, ' ')
    .replace(/\.(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `output` contains `answer`, both normalised, on word boundaries (so "12" is not found in "312"). */
export function containsAnswer(output: string, answer: string): boolean {
  const needle = normaliseAnswer(answer);
  if (needle === '') return false;
  const haystack = ` ${normaliseAnswer(output)} `;
  return haystack.includes(` ${needle} `);
}

/** The text a tool's JSON result is searched in: strings as they are, everything else as compact JSON without escapes. */
export function resultText(value: unknown, stdout = ''): string {
  if (value === undefined || value === null) return stdout;
  if (typeof value === 'string') return `${value} ${stdout}`.trim();
  return `${flattenValue(value)} ${stdout}`.trim();
}

function flattenValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(flattenValue).join(' ; ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}: ${flattenValue(inner)}`)
      .join(' ; ');
  }
  return '';
}
