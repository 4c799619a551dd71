import type { KbIndex } from './kb-index';
import { nameKey } from './kb-index';
import type { KbStep, KbValue } from './kb-relation';
import type { KbToolArg, KbToolDef, KbToolParam } from './kb-tool.compiler';
import type { KbCountry } from './knowledge-base';

/** The step answered by row `rowId` of `def` with `args`, when that row exists and `args` find it. */
export function stepVia(
  index: KbIndex,
  def: KbToolDef,
  rowId: string,
  args: Record<string, KbToolArg>,
  value: KbValue,
): KbStep | undefined {
  const row = index.toolRows(def).byId.get(rowId);
  if (!row) return undefined;
  const wanted = def.params.map((p) => nameKey(String(args[p.name] ?? '')));
  const found = row.keys.some((key) => key.every((part, i) => nameKey(String(part)) === wanted[i]));
  return found ? { value, rowId, args } : undefined;
}

/** The country a value names, if any. */
export function countryOf(index: KbIndex, input: KbValue): KbCountry | undefined {
  return input.kind === 'country' ? index.countryByName.get(nameKey(input.text)) : undefined;
}

/** The lookup keys of a country: its common and official names. */
export function countryKeys(country: KbCountry): string[][] {
  return country.officialName && country.officialName !== country.name ? [[country.name], [country.officialName]] : [[country.name]];
}

export const COUNTRY_PARAM: KbToolParam = {
  name: 'country',
  type: 'string',
  description: "The country's common or official name (case-insensitive).",
  unknown: 'Atlantis',
};

/** A tool that looks a fact up by country, for the countries `has` accepts. */
export function countryTool(
  name: string,
  description: string,
  has: (c: KbCountry) => boolean,
  output: (c: KbCountry) => Record<string, string | number | readonly string[]>,
): KbToolDef {
  return {
    name,
    table: 'countries',
    entity: 'country',
    description,
    params: [COUNTRY_PARAM],
    rows: (kb) => kb.countries.filter(has).map((c) => ({ id: c.code, keys: countryKeys(c), output: output(c) })),
  };
}

/** A country-keyed step: the value `pick` finds for the input country, answered by the tool's row for it. */
export function countryStep(
  index: KbIndex,
  def: KbToolDef,
  input: KbValue,
  pick: (c: KbCountry) => KbValue | undefined,
): KbStep | undefined {
  const country = countryOf(index, input);
  const value = country && pick(country);
  return country && value ? stepVia(index, def, country.code, { country: country.name }, value) : undefined;
}
