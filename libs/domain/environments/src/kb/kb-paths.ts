import type { KbIndex } from './kb-index';
import type { KbKind, KbRelation, KbValue } from './kb-relation';
import { AVIATION_RELATIONS } from './kb-relations.aviation';
import { CHEMISTRY_RELATIONS } from './kb-relations.chemistry';
import { GEOGRAPHY_RELATIONS } from './kb-relations.geography';
import { GEOGRAPHY_LINK_RELATIONS } from './kb-relations.geography-links';
import { PERIODIC_TABLE_RELATIONS } from './kb-relations.periodic-table';
import type { KbDomain } from './knowledge-base';

/** Every relation the kb strategy walks. */
export const KB_RELATIONS: readonly KbRelation[] = [
  ...GEOGRAPHY_RELATIONS,
  ...GEOGRAPHY_LINK_RELATIONS,
  ...AVIATION_RELATIONS,
  ...CHEMISTRY_RELATIONS,
  ...PERIODIC_TABLE_RELATIONS,
];

/** The longest path of relations a branch walks. */
export const KB_MAX_PATH = 4;

const TERMINAL: ReadonlySet<KbKind> = new Set(['number', 'text']);
/** The kinds a walk starts from (continents, subregions, groups and periods are reached, never named: there are too
 * few of them to vary questions). */
const START_KINDS: ReadonlySet<KbKind> = new Set([
  'country',
  'city',
  'currency',
  'language',
  'airport',
  'element',
  'symbol',
  'atomic-number',
]);

/** Paths of relations (by length) whose first relation belongs to one of `domains`. */
export function pathsByLength(domains: readonly KbDomain[]): ReadonlyArray<readonly KbRelation[][]> {
  const byLength: KbRelation[][][] = [[]];
  let frontier: KbRelation[][] = KB_RELATIONS.filter((r) => domains.includes(r.domain) && START_KINDS.has(r.from) && !r.needsCountry).map(
    (r) => [r],
  );
  for (let length = 1; length <= KB_MAX_PATH; length += 1) {
    byLength.push(frontier);
    const next: KbRelation[][] = [];
    for (const path of frontier) {
      const last = path[path.length - 1];
      if (!last || TERMINAL.has(last.to)) continue;
      for (const relation of KB_RELATIONS) if (canFollow(last, relation)) next.push([...path, relation]);
    }
    frontier = next;
  }
  return byLength;
}

function canFollow(previous: KbRelation, relation: KbRelation): boolean {
  if (relation.from !== previous.to) return false;
  // Straight back to the kind it came from would revisit the same entity, unless the relation moves sideways (to a
  // neighbour, to the first element of a period); two sideways moves in a row read as a riddle, not a question.
  if (relation.impliedAfter?.includes(previous.id)) return false;
  if (relation.lateral) return !previous.lateral;
  if (relation.to === previous.from && !TERMINAL.has(relation.to)) return false;
  // A city's population needs its country, known only when the city was found as a country's capital.
  if (relation.needsCountry) return previous.id === 'capital';
  return true;
}

const starts = new WeakMap<KbIndex, ReadonlyMap<KbKind, readonly KbValue[]>>();

/** The entities a walk can start from, by kind (in the knowledge base's order). */
export function startValues(index: KbIndex, kind: KbKind): readonly KbValue[] {
  let byKind = starts.get(index);
  if (!byKind) {
    const { kb } = index;
    const currencies = [...new Set(kb.countries.flatMap((c) => c.currencies.map((cur) => cur.name)))];
    byKind = new Map<KbKind, readonly KbValue[]>([
      ['country', kb.countries.map((c) => ({ kind: 'country' as const, text: c.name }))],
      ['city', kb.countries.flatMap((c) => (c.capital ? [{ kind: 'city' as const, text: c.capital }] : []))],
      ['currency', currencies.map((name) => ({ kind: 'currency' as const, text: name }))],
      ['language', [...new Set(kb.countries.flatMap((c) => c.languages))].map((name) => ({ kind: 'language' as const, text: name }))],
      ['airport', kb.airports.map((a) => ({ kind: 'airport' as const, text: a.iata }))],
      ['element', kb.elements.map((e) => ({ kind: 'element' as const, text: e.name }))],
      ['symbol', kb.elements.map((e) => ({ kind: 'symbol' as const, text: e.symbol }))],
      ['atomic-number', kb.elements.map((e) => ({ kind: 'atomic-number' as const, text: String(e.number), numeric: e.number }))],
    ]);
    starts.set(index, byKind);
  }
  return byKind.get(kind) ?? [];
}
