import type { KbRelation } from './kb-relation';
import { stepVia } from './kb-relation.util';
import type { KbToolDef } from './kb-tool.compiler';

// Aviation: airports by IATA code, leading to the city they serve and their country.

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

/** Relations over airports. */
export const AVIATION_RELATIONS: readonly KbRelation[] = [
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
];
