import { nameKey } from './kb-index';
import type { KbRelation } from './kb-relation';
import { countryStep, countryTool, stepVia } from './kb-relation.util';
import { continentTool, neighboursTool, num } from './kb-relations.geography';
import type { KbToolDef } from './kb-tool.compiler';
import type { KbCountry, KnowledgeBase } from './knowledge-base';

// Relations that link countries to other countries and to groups of countries (neighbours, official languages,
// subregions): they give geography walks real fan-out, so deep questions do not all pass through an airport.

const languagesTool = countryTool(
  'get_country_languages',
  'Lists the official languages of a country.',
  (c) => c.languages.length > 0,
  (c) => ({ country: c.name, languages: [...c.languages], language_count: c.languages.length }),
);

/** A tool listing the countries of a group (a language's or a subregion's), keyed by the group's name. */
function groupTool(
  name: string,
  entity: string,
  description: string,
  param: { name: string; description: string; unknown: string },
  groups: (kb: KnowledgeBase) => ReadonlyMap<string, readonly KbCountry[]>,
): KbToolDef {
  return {
    name,
    table: 'countries',
    entity,
    description,
    params: [{ ...param, type: 'string' }],
    rows: (kb) =>
      [...groups(kb)].map(([label, countries]) => ({
        id: nameKey(label),
        keys: [[label]],
        output: { [param.name]: label, countries: countries.map((c) => c.name).sort(), country_count: countries.length },
      })),
  };
}

function labelled(kb: KnowledgeBase, labels: (c: KbCountry) => readonly string[]): Map<string, KbCountry[]> {
  const groups = new Map<string, KbCountry[]>();
  for (const c of kb.countries) for (const label of new Set(labels(c))) if (label) groups.set(label, [...(groups.get(label) ?? []), c]);
  return groups;
}

const languageUsersTool = groupTool(
  'find_countries_by_language',
  'language',
  'Lists the countries where a language is official, and how many there are.',
  { name: 'language', description: 'Name of a language (case-insensitive).', unknown: 'Klingon' },
  (kb) => labelled(kb, (c) => c.languages),
);

const subregionTool = groupTool(
  'get_subregion_countries',
  'subregion',
  'Lists the countries and territories of a subregion of the world, and how many there are.',
  { name: 'subregion', description: 'Name of a geographic subregion (case-insensitive).', unknown: 'Middle-earth' },
  (kb) => labelled(kb, (c) => [c.subregion]),
);

/** The only official language of a country, when it has exactly one. */
const soleLanguage = (c: KbCountry): string | undefined => (c.languages.length === 1 ? c.languages[0] : undefined);

/** Relations to neighbours, official languages and subregions. */
export const GEOGRAPHY_LINK_RELATIONS: readonly KbRelation[] = [
  {
    id: 'first-neighbour',
    domain: 'geography',
    from: 'country',
    to: 'country',
    tool: neighboursTool,
    lateral: true,
    step: (ix, input) =>
      countryStep(ix, neighboursTool, input, (c) => {
        const first = [...c.borders].sort()[0];
        return first !== undefined && c.borders.length >= 2 ? { kind: 'country', text: first } : undefined;
      }),
    phrases: ['the alphabetically first neighbour of {x}', 'the first, in alphabetical order, of the countries bordering {x}'],
    asks: ['Of the countries bordering {x}, which comes first alphabetically?', 'Which neighbour of {x} is first in alphabetical order?'],
  },
  {
    id: 'last-neighbour',
    domain: 'geography',
    from: 'country',
    to: 'country',
    tool: neighboursTool,
    lateral: true,
    step: (ix, input) =>
      countryStep(ix, neighboursTool, input, (c) => {
        const last = [...c.borders].sort().reverse()[0];
        return last !== undefined && c.borders.length >= 2 ? { kind: 'country', text: last } : undefined;
      }),
    phrases: ['the alphabetically last neighbour of {x}', 'the last, in alphabetical order, of the countries bordering {x}'],
    asks: ['Of the countries bordering {x}, which comes last alphabetically?', 'Which neighbour of {x} is last in alphabetical order?'],
  },
  {
    id: 'sole-neighbour',
    domain: 'geography',
    from: 'country',
    to: 'country',
    tool: neighboursTool,
    lateral: true,
    step: (ix, input) =>
      countryStep(ix, neighboursTool, input, (c) =>
        c.borders.length === 1 && c.borders[0] ? { kind: 'country', text: c.borders[0] } : undefined,
      ),
    phrases: ['the only country bordering {x}', 'the single land neighbour of {x}'],
    asks: ['Which is the only country that shares a land border with {x}?', 'Which country is the sole land neighbour of {x}?'],
  },
  {
    id: 'language',
    domain: 'geography',
    from: 'country',
    to: 'language',
    tool: languagesTool,
    step: (ix, input) =>
      countryStep(ix, languagesTool, input, (c) => ((l) => (l ? { kind: 'language', text: l } : undefined))(soleLanguage(c))),
    phrases: ['the official language of {x}', 'the language officially spoken in {x}'],
    asks: ['What is the official language of {x}?', 'Which language is official in {x}?'],
  },
  {
    id: 'language-country-count',
    domain: 'geography',
    from: 'language',
    to: 'number',
    tool: languageUsersTool,
    step: (ix, input) => {
      const users = ix.countriesByLanguage.get(nameKey(input.text)) ?? [];
      // A language official in one country only would make the count trivially 1.
      if (users.length < 2) return undefined;
      return stepVia(ix, languageUsersTool, nameKey(input.text), { language: input.text }, num(users.length));
    },
    phrases: ['the number of countries where {x} is an official language', 'the number of countries in which {x} has official status'],
    asks: ['In how many countries is {x} an official language?', 'How many countries have {x} as an official language?'],
  },
  {
    id: 'country-by-language',
    domain: 'geography',
    from: 'language',
    to: 'country',
    tool: languageUsersTool,
    step: (ix, input) => {
      const users = ix.countriesByLanguage.get(nameKey(input.text)) ?? [];
      const only = users.length === 1 ? users[0] : undefined;
      return only
        ? stepVia(ix, languageUsersTool, nameKey(input.text), { language: input.text }, { kind: 'country', text: only.name })
        : undefined;
    },
    phrases: ['the only country where {x} is official', 'the one country that has {x} as an official language'],
    asks: ['In which country, and only there, is {x} an official language?', 'Which is the only country where {x} is official?'],
  },
  {
    id: 'subregion',
    domain: 'geography',
    from: 'country',
    to: 'region',
    tool: continentTool,
    step: (ix, input) => countryStep(ix, continentTool, input, (c) => (c.subregion ? { kind: 'region', text: c.subregion } : undefined)),
    phrases: ['the subregion of {x}', 'the geographic subregion of {x}'],
    asks: ['Which subregion of the world is {x} in?', 'In which geographic subregion does {x} lie?'],
  },
  {
    id: 'subregion-country-count',
    domain: 'geography',
    from: 'region',
    to: 'number',
    tool: subregionTool,
    step: (ix, input) => {
      const members = ix.countriesBySubregion.get(nameKey(input.text)) ?? [];
      if (members.length < 2) return undefined;
      return stepVia(ix, subregionTool, nameKey(input.text), { subregion: input.text }, num(members.length));
    },
    phrases: ['the number of countries and territories in {x}', 'the count of countries and territories in {x}'],
    asks: ['How many countries and territories are there in {x}?', 'How many countries and territories does {x} include?'],
  },
];
