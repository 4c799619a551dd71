import { nameKey } from './kb-index';
import type { KbRelation, KbValue } from './kb-relation';
import { stepVia } from './kb-relation.util';
import type { KbToolDef } from './kb-tool.compiler';
import type { KbElement } from './knowledge-base';

// Chemistry: elements by name, symbol and atomic number (the periodic table's groups and periods are in
// kb-relations.periodic-table.ts).

const ELEMENT_PARAM = {
  name: 'element',
  type: 'string',
  description: 'Name of a chemical element (case-insensitive).',
  unknown: 'Unobtainium',
} as const;

/** A tool that looks a fact up by element name, for the elements `has` accepts. */
export function elementTool(
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

/** The element as a walk value. */
export const elementValue = (e: KbElement): KbValue => ({ kind: 'element', text: e.name });
const num = (n: number): KbValue => ({ kind: 'number', text: String(n), numeric: n });

/** Relations between elements, their symbols, atomic numbers and masses. */
export const CHEMISTRY_RELATIONS: readonly KbRelation[] = [
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
];

/** A chemistry relation answered by an element-keyed row of `tool`. */
export function elementRelation(
  id: string,
  from: KbRelation['from'],
  to: KbRelation['to'],
  tool: KbToolDef,
  find: (ix: Parameters<KbRelation['step']>[0], text: string) => KbElement | undefined,
  result: (e: KbElement) => [Record<string, string | number>, KbValue] | undefined,
  text: Pick<KbRelation, 'phrases' | 'asks' | 'lateral' | 'impliedAfter'>,
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
