import { type KbIndex, nameKey } from './kb-index';
import type { KbKind, KbRelation, KbValue } from './kb-relation';
import { elementRelation, elementTool, elementValue } from './kb-relations.chemistry';
import { stepVia } from './kb-relation.util';
import type { KbToolDef } from './kb-tool.compiler';
import type { KbElement, KnowledgeBase } from './knowledge-base';

// Groups and periods of the periodic table: they give chemistry walks fan-out (an element's period holds up to 32
// elements) and lateral steps to other elements (the first or last of a period, the lightest of a group).

const PERIOD_ENDS = [2, 10, 18, 36, 54, 86, 118];

/** The period (row of the periodic table) of atomic number `z`. */
export function periodOf(z: number): number {
  const index = PERIOD_ENDS.findIndex((end) => z <= end);
  return index < 0 ? PERIOD_ENDS.length : index + 1;
}

/**
 * The IUPAC group (column, 1–18) of atomic number `z`; undefined for the f-block and for group 3, whose membership
 * (lanthanum or lutetium) sources disagree on.
 */
export function groupOf(z: number): number | undefined {
  if (z === 1) return 1;
  if (z === 2) return 18;
  const period = periodOf(z);
  const offset = z - (PERIOD_ENDS[period - 2] ?? 0);
  if (offset <= 2) return offset;
  if (period <= 3) return offset + 10;
  const tail = (PERIOD_ENDS[period - 1] ?? 0) - z;
  if (tail < 6) return 18 - tail;
  if (period >= 6) return offset > 17 ? offset - 14 : undefined;
  return offset === 3 ? undefined : offset;
}

const members = new WeakMap<KnowledgeBase, Map<string, KbElement[]>>();

/** The elements of a period ("p4") or group ("g14"), in order of atomic number. */
function membersOf(kb: KnowledgeBase, key: string): readonly KbElement[] {
  let map = members.get(kb);
  if (!map) {
    map = new Map<string, KbElement[]>();
    for (const e of [...kb.elements].sort((a, b) => a.number - b.number)) {
      const group = groupOf(e.number);
      for (const k of [`p${periodOf(e.number)}`, ...(group === undefined ? [] : [`g${group}`])]) map.set(k, [...(map.get(k) ?? []), e]);
    }
    members.set(kb, map);
  }
  return map.get(key) ?? [];
}

function membersTool(kind: 'period' | 'group', description: string): KbToolDef {
  const prefix = kind === 'period' ? 'p' : 'g';
  return {
    name: `get_${kind}_elements`,
    table: 'elements',
    entity: kind,
    description,
    params: [{ name: kind, type: 'integer', description: `The ${kind} number in the periodic table.`, unknown: 99 }],
    rows: (kb) => {
      const numbers = new Set(kb.elements.map((e) => (kind === 'period' ? periodOf(e.number) : groupOf(e.number))));
      return [...numbers]
        .filter((n): n is number => n !== undefined)
        .sort((a, b) => a - b)
        .map((n) => {
          const list = membersOf(kb, `${prefix}${n}`);
          return { id: `${prefix}${n}`, keys: [[n]], output: { [kind]: n, elements: list.map((e) => e.name), element_count: list.length } };
        });
    },
  };
}

const periodTool = elementTool(
  'get_element_period',
  'Returns the period (row of the periodic table) of an element.',
  () => true,
  (e) => ({ element: e.name, period: periodOf(e.number) }),
);
const groupTool = elementTool(
  'get_element_group',
  'Returns the group (column of the periodic table, IUPAC numbering) of an element outside the f-block.',
  (e) => groupOf(e.number) !== undefined,
  (e) => ({ element: e.name, group: groupOf(e.number) ?? 0 }),
);
const periodElementsTool = membersTool('period', 'Lists the elements of a period of the periodic table in order of atomic number.');
const groupElementsTool = membersTool('group', 'Lists the elements of a group of the periodic table in order of atomic number.');

const num = (n: number): KbValue => ({ kind: 'number', text: String(n), numeric: n });
const place = (kind: KbKind, n: number): KbValue => ({ kind, text: String(n), numeric: n });

/** A relation from a period or group to a fact of its member list. */
function membersRelation(
  id: string,
  from: 'period' | 'group',
  to: KbKind,
  pickValue: (list: readonly KbElement[]) => KbValue | undefined,
  text: { phrases: string[]; asks: string[] },
): KbRelation {
  const tool = from === 'period' ? periodElementsTool : groupElementsTool;
  return {
    id,
    domain: 'chemistry',
    from,
    to,
    tool,
    lateral: to === 'element',
    step: (ix: KbIndex, input: KbValue) => {
      const key = `${from === 'period' ? 'p' : 'g'}${input.text}`;
      const value = pickValue(membersOf(ix.kb, key));
      return value ? stepVia(ix, tool, key, { [from]: Number(input.text) }, value) : undefined;
    },
    ...text,
  };
}

const first = (list: readonly KbElement[]): KbValue | undefined => (list.length > 1 && list[0] ? elementValue(list[0]) : undefined);
const last = (list: readonly KbElement[]): KbValue | undefined => {
  const e = list[list.length - 1];
  return list.length > 1 && e ? elementValue(e) : undefined;
};

/** Relations over the groups and periods of the periodic table. */
export const PERIODIC_TABLE_RELATIONS: readonly KbRelation[] = [
  elementRelation(
    'period',
    'element',
    'period',
    periodTool,
    (ix, t) => ix.elementByName.get(nameKey(t)),
    (e) => [{ element: e.name }, place('period', periodOf(e.number))],
    {
      phrases: ['the period of {x}', 'the periodic-table row of {x}'],
      asks: ['In which period of the periodic table is {x}?', 'Which row of the periodic table is {x} in?'],
    },
  ),
  elementRelation(
    'group',
    'element',
    'group',
    groupTool,
    (ix, t) => ix.elementByName.get(nameKey(t)),
    (e) => {
      const group = groupOf(e.number);
      return group === undefined ? undefined : [{ element: e.name }, place('group', group)];
    },
    {
      phrases: ['the group of {x}', 'the periodic-table group of {x}'],
      asks: ['Which group of the periodic table is {x} in?', 'What is the IUPAC group number of {x}?'],
      // The first element of a period is always in group 1 and the last in group 18.
      impliedAfter: ['period-first', 'period-last'],
    },
  ),
  membersRelation('period-size', 'period', 'number', (list) => (list.length > 1 ? num(list.length) : undefined), {
    phrases: ['the number of elements in {x}', 'the element count of {x}'],
    asks: ['How many elements are there in period {x} of the periodic table?', 'How many elements does period {x} contain?'],
  }),
  membersRelation('group-size', 'group', 'number', (list) => (list.length > 1 ? num(list.length) : undefined), {
    phrases: ['the number of elements in {x}', 'the number of members of {x}'],
    asks: ['How many elements are there in group {x} of the periodic table?', 'How many elements does group {x} contain?'],
  }),
  membersRelation('period-first', 'period', 'element', first, {
    phrases: ['the first element of {x}', 'the element with the lowest atomic number in {x}'],
    asks: ['Which element comes first in period {x} of the periodic table?', 'Which element has the lowest atomic number in period {x}?'],
  }),
  membersRelation('period-last', 'period', 'element', last, {
    phrases: ['the last element of {x}', 'the element with the highest atomic number in {x}'],
    asks: ['Which element comes last in period {x} of the periodic table?', 'Which element has the highest atomic number in period {x}?'],
  }),
  membersRelation('group-lightest', 'group', 'element', first, {
    phrases: ['the lightest element of {x}', 'the element at the top of {x}'],
    asks: ['Which element of group {x} has the lowest atomic number?', 'Which element is at the top of group {x}?'],
  }),
];
