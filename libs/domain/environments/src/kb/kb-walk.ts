import type { SubTask } from '@astra/contracts';
import type { Xoshiro128 } from '@astra/domain/tool-graph';
import type { KbIndex } from './kb-index';
import { fill, type KbKind, type KbRelation, type KbValue } from './kb-relation';

// A branch is one walk along a path of relations from a start entity: one sub-task per relation, each depending on
// the one before it (and, for a city's population, on the sub-task that named the city's country).

/** A sub-task as the generator builds it (the contract's input shape with required fields). */
export type KbSubTask = Required<Pick<SubTask, 'id' | 'question' | 'answer' | 'dependsOn' | 'hop' | 'toolNecessity'>> &
  Pick<SubTask, 'call'>;

/** A walked branch: its sub-tasks, the phrase of what it asks, and the tool rows it needs. */
export interface KbBranch {
  readonly start: KbValue;
  readonly terminal: KbValue;
  readonly tasks: readonly KbSubTask[];
  /** The last sub-task (the branch's answer). */
  readonly last: KbSubTask;
  /** The noun phrase of the whole walk, e.g. "the population of the capital of France". */
  readonly phrase: string;
  readonly rows: ReadonlyArray<{ readonly relation: KbRelation; readonly rowId: string }>;
  /** Every entity the walk passed through, as "kind:name". */
  readonly entities: readonly string[];
}

const ENTITY_KINDS: ReadonlySet<KbKind> = new Set(['country', 'city', 'currency', 'continent', 'region', 'language', 'airport', 'element']);

/** How a start value reads inside a phrase. */
export function startPhrase(value: KbValue): string {
  return value.kind === 'currency' ? `the ${value.text}` : value.text;
}

/** Walks `path` from `start`; undefined when a relation does not hold or the walk comes back to an entity. */
export function walkBranch(
  index: KbIndex,
  rng: Xoshiro128,
  path: readonly KbRelation[],
  start: KbValue,
  firstId: number,
): KbBranch | undefined {
  const tasks: KbSubTask[] = [];
  const rows: Array<{ relation: KbRelation; rowId: string }> = [];
  const seen = new Set<string>([`${start.kind}:${start.text.toLowerCase()}`]);
  let value = start;
  let phrase = startPhrase(start);
  let countrySource: string | null | undefined = start.kind === 'country' ? null : undefined;
  let cityCountrySource: string | null | undefined;
  for (const relation of path) {
    const step = relation.step(index, value);
    if (!step) return undefined;
    const key = `${step.value.kind}:${step.value.text.toLowerCase()}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const previous = tasks[tasks.length - 1];
    const dependsOn = previous ? [previous.id] : [];
    if (relation.needsCountry) {
      if (cityCountrySource === undefined) return undefined;
      if (cityCountrySource !== null && !dependsOn.includes(cityCountrySource)) dependsOn.push(cityCountrySource);
    }
    const hop = 1 + Math.max(0, ...dependsOn.map((id) => tasks.find((t) => t.id === id)?.hop ?? 0));
    const task: KbSubTask = {
      id: `s${firstId + tasks.length}`,
      question: fill(pick(rng, relation.asks), askSubject(value, relation)),
      answer: step.value.text,
      dependsOn,
      hop,
      toolNecessity: true,
      call: { tool: relation.tool.name, arguments: { ...step.args } },
    };
    cityCountrySource = relation.from === 'country' && relation.to === 'city' ? countrySource : undefined;
    countrySource = step.value.kind === 'country' ? task.id : undefined;
    tasks.push(task);
    rows.push({ relation, rowId: step.rowId });
    phrase = fill(pick(rng, relation.phrases), phrase);
    value = step.value;
  }
  const last = tasks[tasks.length - 1];
  if (!last) return undefined;
  const entities = [start, ...walkValues(tasks, path)].filter((v) => ENTITY_KINDS.has(v.kind)).map((v) => `${v.kind}:${v.text}`);
  return { start, terminal: value, tasks, last, phrase, rows, entities: [...new Set(entities)] };
}

function walkValues(tasks: readonly KbSubTask[], path: readonly KbRelation[]): KbValue[] {
  return tasks.map((task, i) => ({ kind: path[i]?.to ?? 'text', text: task.answer }));
}

function askSubject(value: KbValue, relation: KbRelation): string {
  return relation.needsCountry && value.country !== undefined ? `${value.text} (${value.country})` : value.text;
}

/** A uniformly chosen item of a non-empty list. */
export function pick<T>(rng: Xoshiro128, items: readonly T[]): T {
  const item = items[Math.floor(rng.next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A uniform integer in [min, max]. */
export function between(rng: Xoshiro128, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}
