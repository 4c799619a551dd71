import { nameKey } from './kb-index';
import type { KbRelation } from './kb-relation';
import { countryStep, countryTool, stepVia } from './kb-relation.util';
import type { KbToolDef } from './kb-tool.compiler';
import type { KbCountry } from './knowledge-base';

const single = (c: KbCountry): { code: string; name: string } | undefined => (c.currencies.length === 1 ? c.currencies[0] : undefined);

const capitalTool = countryTool(
  'get_country_capital',
  'Returns the capital city of a country.',
  (c) => c.capital !== undefined,
  (c) => ({ country: c.name, capital: c.capital ?? '' }),
);

const capitalOwnerTool: KbToolDef = {
  name: 'find_country_by_capital',
  table: 'countries',
  entity: 'capital',
  description: 'Finds the country whose capital city has the given name.',
  params: [{ name: 'capital', type: 'string', description: 'Name of a capital city (case-insensitive).', unknown: 'Emerald City' }],
  rows: (kb) =>
    kb.countries
      .filter((c) => c.capital !== undefined)
      .map((c) => ({ id: c.code, keys: [[c.capital ?? '']], output: { capital: c.capital ?? '', country: c.name } })),
};

const currencyTool = countryTool(
  'get_country_currency',
  'Returns the official currency of a country: its name and ISO currency code.',
  (c) => single(c) !== undefined,
  (c) => ({ country: c.name, currency: single(c)?.name ?? '', currency_code: single(c)?.code ?? '' }),
);

const currencyUsersTool: KbToolDef = {
  name: 'find_countries_by_currency',
  table: 'countries',
  entity: 'currency',
  description: 'Lists the countries that use a currency, given its name or ISO currency code, and how many there are.',
  params: [{ name: 'currency', type: 'string', description: 'Currency name or ISO code (case-insensitive).', unknown: 'Galactic credit' }],
  rows: (kb) => {
    const users = new Map<string, { name: string; countries: string[] }>();
    for (const c of kb.countries) {
      for (const cur of c.currencies) {
        const entry = users.get(cur.code) ?? { name: cur.name, countries: [] };
        entry.countries.push(c.name);
        users.set(cur.code, entry);
      }
    }
    return [...users].map(([code, u]) => ({
      id: code,
      keys: [[u.name], [code]],
      output: { currency: u.name, currency_code: code, countries: [...u.countries].sort(), country_count: u.countries.length },
    }));
  },
};

/** A country's continent and subregion. */
export const continentTool = countryTool(
  'get_country_continent',
  'Returns the continent and the subregion a country lies in.',
  (c) => c.continent !== '',
  (c) => ({ country: c.name, continent: c.continent, subregion: c.subregion }),
);

const continentCountriesTool: KbToolDef = {
  name: 'get_continent_countries',
  table: 'countries',
  entity: 'continent',
  description: 'Lists the countries and territories on a continent, and how many there are.',
  params: [{ name: 'continent', type: 'string', description: 'Name of a continent (case-insensitive).', unknown: 'Lemuria' }],
  rows: (kb) => {
    const members = new Map<string, string[]>();
    for (const c of kb.countries) members.set(c.continent, [...(members.get(c.continent) ?? []), c.name]);
    return [...members].map(([continent, names]) => ({
      id: continent,
      keys: [[continent]],
      output: { continent, countries: [...names].sort(), country_count: names.length },
    }));
  },
};

const areaTool = countryTool(
  'get_country_area',
  'Returns the total area of a country in square kilometres.',
  (c) => c.area > 0,
  (c) => ({ country: c.name, area_km2: c.area }),
);

/** Lists a country's land neighbours in alphabetical order (the neighbour relations pick from that order). */
export const neighboursTool = countryTool(
  'get_country_neighbours',
  'Lists the countries that share a land border with a country, in alphabetical order, and how many there are.',
  () => true,
  (c) => ({ country: c.name, neighbours: [...c.borders].sort(), neighbour_count: c.borders.length }),
);

const timezonesTool = countryTool(
  'get_country_timezones',
  'Lists the IANA time zones used in a country, and how many there are.',
  (c) => c.timezones.length > 0,
  (c) => ({ country: c.name, timezones: [...c.timezones], timezone_count: c.timezones.length }),
);

const callingCodeTool = countryTool(
  'get_country_calling_code',
  'Returns the international telephone calling code of a country.',
  (c) => c.callingCode !== undefined,
  (c) => ({ country: c.name, calling_code: c.callingCode ?? '' }),
);

const populationTool: KbToolDef = {
  name: 'get_city_population',
  table: 'countries',
  entity: 'city',
  description: 'Returns the population of a city, given the city and the country it lies in.',
  params: [
    { name: 'city', type: 'string', description: 'Name of the city (case-insensitive).', unknown: 'Emerald City' },
    { name: 'country', type: 'string', description: 'The country the city lies in (case-insensitive).', unknown: 'Atlantis' },
  ],
  rows: (kb) =>
    kb.countries
      .filter((c) => c.capital !== undefined && c.capitalPopulation !== undefined)
      .map((c) => ({
        id: c.code,
        keys: [[c.capital ?? '', c.name]],
        output: { city: c.capital ?? '', country: c.name, population: c.capitalPopulation ?? 0 },
      })),
};

/** A number as a walk value. */
export const num = (n: number): { kind: 'number'; text: string; numeric: number } => ({ kind: 'number', text: String(n), numeric: n });

/** Relations over countries, capitals and currencies. */
export const GEOGRAPHY_RELATIONS: readonly KbRelation[] = [
  {
    id: 'capital',
    domain: 'geography',
    from: 'country',
    to: 'city',
    tool: capitalTool,
    step: (ix, input) =>
      countryStep(ix, capitalTool, input, (c) => (c.capital ? { kind: 'city', text: c.capital, country: c.name } : undefined)),
    phrases: ['the capital of {x}', 'the capital city of {x}'],
    asks: ['What is the capital of {x}?', 'Which city is the capital of {x}?'],
  },
  {
    id: 'country-by-capital',
    domain: 'geography',
    from: 'city',
    to: 'country',
    tool: capitalOwnerTool,
    step: (ix, input) => {
      const country = ix.countryByCapital.get(nameKey(input.text));
      if (!country || (input.country !== undefined && input.country !== country.name)) return undefined;
      return stepVia(ix, capitalOwnerTool, country.code, { capital: input.text }, { kind: 'country', text: country.name });
    },
    phrases: ['the country whose capital is {x}', 'the country with {x} as its capital'],
    asks: ['Which country has {x} as its capital?', 'Of which country is {x} the capital?'],
  },
  {
    id: 'currency',
    domain: 'geography',
    from: 'country',
    to: 'currency',
    tool: currencyTool,
    step: (ix, input) =>
      countryStep(ix, currencyTool, input, (c) => ((s) => (s ? { kind: 'currency', text: s.name } : undefined))(single(c))),
    phrases: ['the currency of {x}', 'the official currency of {x}'],
    asks: ['What is the currency of {x}?', 'Which currency is used in {x}?'],
  },
  {
    id: 'country-by-currency',
    domain: 'geography',
    from: 'currency',
    to: 'country',
    tool: currencyUsersTool,
    step: (ix, input) => {
      const code = ix.currencyCodeByName.get(nameKey(input.text));
      const users = code === undefined ? undefined : ix.countriesByCurrency.get(code);
      if (!code || users?.length !== 1 || !users[0]) return undefined;
      return stepVia(ix, currencyUsersTool, code, { currency: input.text }, { kind: 'country', text: users[0].name });
    },
    phrases: ['the country whose currency is {x}', 'the country that uses {x}'],
    asks: ['Which country uses the {x}?', 'In which country is the {x} the currency?'],
  },
  {
    id: 'currency-users',
    domain: 'geography',
    from: 'currency',
    to: 'number',
    tool: currencyUsersTool,
    step: (ix, input) => {
      const code = ix.currencyCodeByName.get(nameKey(input.text));
      const users = code === undefined ? undefined : ix.countriesByCurrency.get(code);
      // A currency of one country makes "how many countries use it" trivially 1: only shared currencies count.
      if (!code || !users || users.length < 2) return undefined;
      return stepVia(ix, currencyUsersTool, code, { currency: input.text }, num(users.length));
    },
    phrases: ['the number of countries that use {x}', 'the count of countries using {x}'],
    asks: ['How many countries use the {x}?', 'In how many countries is the {x} used?'],
  },
  {
    id: 'continent',
    domain: 'geography',
    from: 'country',
    to: 'continent',
    tool: continentTool,
    step: (ix, input) => countryStep(ix, continentTool, input, (c) => ({ kind: 'continent', text: c.continent })),
    phrases: ['the continent of {x}', 'the continent where {x} lies'],
    asks: ['On which continent is {x}?', 'Which continent does {x} belong to?'],
  },
  {
    id: 'continent-country-count',
    domain: 'geography',
    from: 'continent',
    to: 'number',
    tool: continentCountriesTool,
    step: (ix, input) => {
      const count = ix.kb.countries.filter((c) => c.continent === input.text).length;
      return count > 0 ? stepVia(ix, continentCountriesTool, input.text, { continent: input.text }, num(count)) : undefined;
    },
    phrases: ['the number of countries and territories in {x}', 'the count of countries and territories in {x}'],
    asks: ['How many countries and territories are there in {x}?', 'How many countries and territories does {x} contain?'],
  },
  {
    id: 'area',
    domain: 'geography',
    from: 'country',
    to: 'number',
    tool: areaTool,
    step: (ix, input) => countryStep(ix, areaTool, input, (c) => num(c.area)),
    phrases: ['the area of {x} in square kilometres', 'the total area of {x} (km²)'],
    asks: ['What is the area of {x} in square kilometres?', 'How large is {x} in km²?'],
  },
  {
    id: 'neighbour-count',
    domain: 'geography',
    from: 'country',
    to: 'number',
    tool: neighboursTool,
    step: (ix, input) => countryStep(ix, neighboursTool, input, (c) => num(c.borders.length)),
    phrases: ['the number of countries bordering {x}', 'the number of neighbouring countries of {x}'],
    asks: ['How many countries share a land border with {x}?', 'How many neighbouring countries does {x} have?'],
  },
  {
    id: 'timezone-count',
    domain: 'geography',
    from: 'country',
    to: 'number',
    tool: timezonesTool,
    step: (ix, input) => countryStep(ix, timezonesTool, input, (c) => (c.timezones.length > 0 ? num(c.timezones.length) : undefined)),
    phrases: ['the number of time zones in {x}'],
    asks: ['How many time zones does {x} use?', 'How many IANA time zones are there in {x}?'],
  },
  {
    id: 'calling-code',
    domain: 'geography',
    from: 'country',
    to: 'text',
    tool: callingCodeTool,
    step: (ix, input) =>
      countryStep(ix, callingCodeTool, input, (c) => (c.callingCode ? { kind: 'text', text: c.callingCode } : undefined)),
    phrases: ['the international calling code of {x}', 'the telephone dialling code of {x}'],
    asks: ['What is the international calling code of {x}?', 'Which telephone code do you dial for {x}?'],
  },
  {
    id: 'population',
    domain: 'geography',
    from: 'city',
    to: 'number',
    tool: populationTool,
    needsCountry: true,
    step: (ix, input) => {
      const country = input.country === undefined ? undefined : ix.countryByName.get(nameKey(input.country));
      if (!country || country.capitalPopulation === undefined || country.capital !== input.text) return undefined;
      return stepVia(ix, populationTool, country.code, { city: input.text, country: country.name }, num(country.capitalPopulation));
    },
    phrases: ['the population of {x}', 'the number of people living in {x}'],
    asks: ['What is the population of {x}?', 'How many people live in {x}?'],
  },
];
