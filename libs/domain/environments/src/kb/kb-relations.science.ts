import { nameKey } from './kb-index';
import type { KbRelation, KbValue } from './kb-relation';
import { stepVia } from './kb-relation.util';
import type { KbToolDef } from './kb-tool.compiler';
import type { KbElement } from './knowledge-base';

// Aviation (airports by IATA code) and chemistry (elements by name, symbol and atomic number).

const airportTool: KbToolDef = {
  name: 'lookup_airport',
  table: 'airports',
  entity: 'airport',
  description: 'Looks up an airport by its IATA code: its name, the city it serves and its country.',
  params: [{ name: 'iata_code', type: 'string', description: 'The three-letter IATA airport code (case-insensitive).', unknown: 'QJX' }],
  rows: (kb) =>
    kb.airports.map((a) => ({
      id: a.iata,
      keys: [[a.iata]],
      output: { iata_code: a.iata, airport: a.name, city: a.city, country: a.country },
    })),
};

const ELEMENT_PARAM = {
  name: 'element',
  type: 'string',
  description: 'English name of a chemical element (case-insensitive).',
  unknown: 'Unobtainium',
} as const;

function elementTool(
  name: string,
  description: string,
  has: (e: KbElement) => boolean,
  output: (e: KbElement) => Record<string, string | number>,
): KbToolDef {
  return {
    name,
    table: 'elements',
    entity: 'element',
    description,
    params: [ELEMENT_PARAM],
    rows: (kb) => kb.elements.filter(has).map((e) => ({ id: e.symbol, keys: [[e.name]], output: output(e) })),
  };
}

/** The period (row of the periodic table) of atomic number `z`. */
export function periodOf(z: number): number {
  const ends = [2, 10, 18, 36, 54, 86, 118];
  const index = ends.findIndex((end) => z <= end);
  return index < 0 ? ends.length : index + 1;
}

const symbolLookupTool: KbToolDef = {
  name: 'get_element_by_symbol',
  table: 'elements',
  entity: 'symbol',
  description: 'Returns the chemical element with a given chemical symbol.',
  params: [{ name: 'symbol', type: 'string', description: 'A chemical symbol of one to three letters (case-insensitive).', unknown: 'Qz' }],
  rows: (kb) => kb.elements.map((e) => ({ id: e.symbol, keys: [[e.symbol]], output: { symbol: e.symbol, element: e.name } })),
};

const numberLookupTool: KbToolDef = {
  name: 'get_element_by_number',
  table: 'elements',
  entity: 'atomic number',
  description: 'Returns the chemical element with a given atomic number, with its symbol.',
  params: [{ name: 'atomic_number', type: 'integer', description: 'The atomic number (number of protons).', unknown: 999 }],
  rows: (kb) =>
    kb.elements.map((e) => ({ id: e.symbol, keys: [[e.number]], output: { atomic_number: e.number, element: e.name, symbol: e.symbol } })),
};

const symbolTool = elementTool(
  'get_element_symbol',
  'Returns the chemical symbol of an element.',
  () => true,
  (e) => ({ element: e.name, symbol: e.symbol }),
);
const numberTool = elementTool(
  'get_atomic_number',
  'Returns the atomic number of an element.',
  () => true,
  (e) => ({ element: e.name, atomic_number: e.number }),
);
const massTool = elementTool(
  'get_atomic_mass',
  'Returns the standard atomic weight of an element in daltons.',
  (e) => e.mass !== undefined,
  (e) => ({ element: e.name, atomic_mass: e.mass ?? 0 }),
);
const periodTool = elementTool(
  'get_element_period',
  'Returns the period (row of the periodic table) of an element.',
  () => true,
  (e) => ({
    element: e.name,
    period: periodOf(e.number),
  }),
);

const elementValue = (e: KbElement): KbValue => ({ kind: 'element', text: e.name });
const num = (n: number): KbValue => ({ kind: 'number', text: String(n), numeric: n });

/** Relations over airports and chemical elements. */
export const SCIENCE_RELATIONS: readonly KbRelation[] = [
  {
    id: 'airport-city',
    domain: 'aviation',
    from: 'airport',
    to: 'city',
    tool: airportTool,
    step: (ix, input) => {
      const a = ix.airportByIata.get(input.text.toLowerCase());
      return a ? stepVia(ix, airportTool, a.iata, { iata_code: a.iata }, { kind: 'city', text: a.city, country: a.country }) : undefined;
    },
    phrases: ['the city served by the airport with IATA code {x}', 'the city of airport {x}'],
    asks: ['Which city does the airport with IATA code {x} serve?', 'In which city is airport {x}?'],
  },
  {
    id: 'airport-country',
    domain: 'aviation',
    from: 'airport',
    to: 'country',
    tool: airportTool,
    step: (ix, input) => {
      const a = ix.airportByIata.get(input.text.toLowerCase());
      return a ? stepVia(ix, airportTool, a.iata, { iata_code: a.iata }, { kind: 'country', text: a.country }) : undefined;
    },
    phrases: ['the country of the airport with IATA code {x}', 'the country where airport {x} is located'],
    asks: ['In which country is the airport with IATA code {x}?', 'Which country is airport {x} in?'],
  },
  {
    id: 'airport-name',
    domain: 'aviation',
    from: 'airport',
    to: 'text',
    tool: airportTool,
    step: (ix, input) => {
      const a = ix.airportByIata.get(input.text.toLowerCase());
      return a ? stepVia(ix, airportTool, a.iata, { iata_code: a.iata }, { kind: 'text', text: a.name }) : undefined;
    },
    phrases: ['the name of the airport with IATA code {x}'],
    asks: ['What is the name of the airport with IATA code {x}?', 'What is airport {x} called?'],
  },
  elementRelation(
    'element-by-symbol',
    'symbol',
    'element',
    symbolLookupTool,
    (ix, t) => ix.elementBySymbol.get(t.toLowerCase()),
    (e) => [{ symbol: e.symbol }, elementValue(e)],
    {
      phrases: ['the element with chemical symbol {x}', 'the element whose symbol is {x}'],
      asks: ['Which element has the chemical symbol {x}?', 'What element does the symbol {x} stand for?'],
    },
  ),
  elementRelation(
    'element-by-number',
    'atomic-number',
    'element',
    numberLookupTool,
    (ix, t) => ix.elementByNumber.get(Number(t)),
    (e) => [{ atomic_number: e.number }, elementValue(e)],
    {
      phrases: ['the element with atomic number {x}', 'element number {x}'],
      asks: ['Which element has atomic number {x}?', 'What is element number {x}?'],
    },
  ),
  elementRelation(
    'element-symbol',
    'element',
    'symbol',
    symbolTool,
    (ix, t) => ix.elementByName.get(nameKey(t)),
    (e) => [{ element: e.name }, { kind: 'symbol', text: e.symbol }],
    {
      phrases: ['the chemical symbol of {x}', 'the symbol of {x}'],
      asks: ['What is the chemical symbol of {x}?', 'Which symbol stands for {x}?'],
    },
  ),
  elementRelation(
    'atomic-number',
    'element',
    'atomic-number',
    numberTool,
    (ix, t) => ix.elementByName.get(nameKey(t)),
    (e) => [{ element: e.name }, { kind: 'atomic-number', text: String(e.number), numeric: e.number }],
    {
      phrases: ['the atomic number of {x}'],
      asks: ['What is the atomic number of {x}?', 'How many protons does an atom of {x} have?'],
    },
  ),
  elementRelation(
    'atomic-mass',
    'element',
    'number',
    massTool,
    (ix, t) => ix.elementByName.get(nameKey(t)),
    (e) => (e.mass === undefined ? undefined : [{ element: e.name }, num(e.mass)]),
    {
      phrases: ['the atomic mass of {x}', 'the standard atomic weight of {x}'],
      asks: ['What is the atomic mass of {x}?', 'What is the standard atomic weight of {x} in daltons?'],
    },
  ),
  elementRelation(
    'period',
    'element',
    'number',
    periodTool,
    (ix, t) => ix.elementByName.get(nameKey(t)),
    (e) => [{ element: e.name }, num(periodOf(e.number))],
    {
      phrases: ['the period of {x} in the periodic table'],
      asks: ['In which period of the periodic table is {x}?', 'Which row of the periodic table is {x} in?'],
    },
  ),
];

function elementRelation(
  id: string,
  from: KbRelation['from'],
  to: KbRelation['to'],
  tool: KbToolDef,
  find: (ix: Parameters<KbRelation['step']>[0], text: string) => KbElement | undefined,
  result: (e: KbElement) => [Record<string, string | number>, KbValue] | undefined,
  text: { phrases: string[]; asks: string[] },
): KbRelation {
  return {
    id,
    domain: 'chemistry',
    from,
    to,
    tool,
    step: (ix, input) => {
      const element = find(ix, input.text);
      const out = element && result(element);
      return element && out ? stepVia(ix, tool, element.symbol, out[0], out[1]) : undefined;
    },
    ...text,
  };
}
