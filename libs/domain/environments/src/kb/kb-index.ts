import type { KbToolDef, KbToolRow } from './kb-tool.compiler';
import type { KbAirport, KbCountry, KbElement, KnowledgeBase } from './knowledge-base';

// Lookups derived once per knowledge base (cached by identity), so generating an environment costs map lookups only.

/** Lookups over a knowledge base, built once per base. */
export interface KbIndex {
  readonly kb: KnowledgeBase;
  readonly countryByName: ReadonlyMap<string, KbCountry>;
  /** Capital name (lower case) to its country, for capitals that name exactly one country's capital. */
  readonly countryByCapital: ReadonlyMap<string, KbCountry>;
  /** Currency code to the countries that use it. */
  readonly countriesByCurrency: ReadonlyMap<string, readonly KbCountry[]>;
  /** Currency name (lower case) to its code, for names of exactly one code. */
  readonly currencyCodeByName: ReadonlyMap<string, string>;
  /** Language name (lower case) to the countries where it is official. */
  readonly countriesByLanguage: ReadonlyMap<string, readonly KbCountry[]>;
  /** Subregion name (lower case) to its countries. */
  readonly countriesBySubregion: ReadonlyMap<string, readonly KbCountry[]>;
  readonly airportByIata: ReadonlyMap<string, KbAirport>;
  readonly elementByName: ReadonlyMap<string, KbElement>;
  readonly elementBySymbol: ReadonlyMap<string, KbElement>;
  readonly elementByNumber: ReadonlyMap<number, KbElement>;
  /** A tool's full table and its rows by id (built on first use). */
  toolRows(def: KbToolDef): { readonly list: readonly KbToolRow[]; readonly byId: ReadonlyMap<string, KbToolRow> };
}

const indexes = new WeakMap<KnowledgeBase, KbIndex>();

/** The index of `kb` (built on the first call). */
export function indexKnowledgeBase(kb: KnowledgeBase): KbIndex {
  const cached = indexes.get(kb);
  if (cached) return cached;
  const index = buildIndex(kb);
  indexes.set(kb, index);
  return index;
}

/** Lower case with runs of whitespace collapsed: the key of every name lookup. */
export function nameKey(text: string): string {
  return text.trim().split(/\s+/).join(' ').toLowerCase();
}

function buildIndex(kb: KnowledgeBase): KbIndex {
  const capitals = groupBy(
    kb.countries.filter((c) => c.capital !== undefined),
    (c) => nameKey(c.capital ?? ''),
  );
  const byCurrency = new Map<string, KbCountry[]>();
  const currencyNames = new Map<string, Set<string>>();
  for (const country of kb.countries) {
    for (const currency of country.currencies) {
      push(byCurrency, currency.code, country);
      const codes = currencyNames.get(nameKey(currency.name)) ?? new Set<string>();
      codes.add(currency.code);
      currencyNames.set(nameKey(currency.name), codes);
    }
  }
  const byLanguage = new Map<string, KbCountry[]>();
  for (const country of kb.countries) for (const language of new Set(country.languages)) push(byLanguage, nameKey(language), country);
  const toolCache = new Map<string, { list: readonly KbToolRow[]; byId: ReadonlyMap<string, KbToolRow> }>();
  return {
    kb,
    countryByName: new Map(kb.countries.map((c) => [nameKey(c.name), c])),
    countryByCapital: new Map([...capitals].filter(([, cs]) => cs.length === 1).map(([k, cs]) => [k, cs[0] as KbCountry])),
    countriesByCurrency: byCurrency,
    currencyCodeByName: new Map(
      [...currencyNames].filter(([, codes]) => codes.size === 1).map(([name, codes]) => [name, [...codes][0] as string]),
    ),
    countriesByLanguage: byLanguage,
    countriesBySubregion: groupBy(
      kb.countries.filter((c) => c.subregion !== ''),
      (c) => nameKey(c.subregion),
    ),
    airportByIata: new Map(kb.airports.map((a) => [a.iata.toLowerCase(), a])),
    elementByName: new Map(kb.elements.map((e) => [nameKey(e.name), e])),
    elementBySymbol: new Map(kb.elements.map((e) => [e.symbol.toLowerCase(), e])),
    elementByNumber: new Map(kb.elements.map((e) => [e.number, e])),
    toolRows(def) {
      let entry = toolCache.get(def.name);
      if (!entry) {
        const list = uniqueKeys(def.rows(kb));
        entry = { list, byId: new Map(list.map((row) => [row.id, row])) };
        toolCache.set(def.name, entry);
      }
      return entry;
    },
  };
}

/** Drops every key that more than one row claims (case-insensitively), so a lookup never finds the wrong row. */
function uniqueKeys(rows: readonly KbToolRow[]): KbToolRow[] {
  const owners = new Map<string, Set<string>>();
  const keyText = (key: readonly (string | number)[]): string => key.map((part) => nameKey(String(part))).join('\u001f');
  for (const row of rows) {
    for (const key of row.keys) {
      const set = owners.get(keyText(key)) ?? new Set<string>();
      set.add(row.id);
      owners.set(keyText(key), set);
    }
  }
  return rows
    .map((row) => ({ ...row, keys: row.keys.filter((key) => owners.get(keyText(key))?.size === 1) }))
    .filter((row) => row.keys.length > 0);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) push(groups, key(item), item);
  return groups;
}

function push<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
