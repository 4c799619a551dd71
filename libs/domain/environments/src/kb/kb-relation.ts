import type { KbToolArg, KbToolDef } from './kb-tool.compiler';
import type { KbDomain } from './knowledge-base';
import type { KbIndex } from './kb-index';

/** The kinds of values a walk over the knowledge base passes through. */
export type KbKind =
  | 'country'
  | 'city'
  | 'currency'
  | 'continent'
  | 'region'
  | 'language'
  | 'airport'
  | 'element'
  | 'symbol'
  | 'atomic-number'
  | 'group'
  | 'period'
  | 'number'
  | 'text';

/** A value reached by a walk: an entity (by its display name) or a terminal fact. */
export interface KbValue {
  readonly kind: KbKind;
  /** The display text: the name used in arguments, questions and answers. */
  readonly text: string;
  readonly numeric?: number;
  /** For a city: the country it lies in. */
  readonly country?: string;
}

/** One step of a relation: the value reached, the tool row that answers it and the call's arguments. */
export interface KbStep {
  readonly value: KbValue;
  readonly rowId: string;
  readonly args: Readonly<Record<string, KbToolArg>>;
}

/** A relation between kinds, answered by one lookup tool. */
export interface KbRelation {
  readonly id: string;
  readonly domain: KbDomain;
  readonly from: KbKind;
  readonly to: KbKind;
  readonly tool: KbToolDef;
  /** The step from `input`, or undefined when the relation does not hold or is ambiguous for it. */
  step(index: KbIndex, input: KbValue): KbStep | undefined;
  /** The relation needs the city's country as an argument (a walk must know where it came from). */
  readonly needsCountry?: boolean;
  /** The relation leads to another entity of a group (a neighbour, the first element of a period), so a walk may
   * return to the kind it came from without undoing a step. */
  readonly lateral?: boolean;
  /** Relations after which this one's answer is implied (not worth asking), by id. */
  readonly impliedAfter?: readonly string[];
  /** Noun phrases with `{x}` for the input's phrase, e.g. "the capital of {x}". */
  readonly phrases: readonly string[];
  /** Sub-questions with `{x}` for the input's text, e.g. "What is the capital of {x}?". */
  readonly asks: readonly string[];
}

/** Fills `{x}` in a phrase. */
export function fill(template: string, x: string): string {
  return template.split('{x}').join(x);
}
