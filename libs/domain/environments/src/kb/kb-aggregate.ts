import type { Xoshiro128 } from '@astra/domain/tool-graph';
import type { KbBranch } from './kb-walk';
import { pick } from './kb-walk';

// The final, tool-free step of an aggregating question: compare, sum, difference, rank, count. It is a leaf of the
// dependency DAG (nothing depends on it), the only place a tool-free step is legitimate.

/** An aggregation over parallel branches: the prompt that asks for it and the sub-task that computes it. */
export interface KbAggregate {
  readonly op: string;
  readonly prompt: string;
  readonly question: string;
  readonly answer: string;
}

type Op = (branches: readonly KbBranch[], rng: Xoshiro128) => KbAggregate | undefined;

/** Joins "a", "b" and "c" as "a, b and c". */
export function listText(items: readonly string[], conjunction = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function fmt(n: number): string {
  return String(Number(n.toFixed(3)));
}

const values = (bs: readonly KbBranch[]): number[] => bs.map((b) => b.terminal.numeric ?? Number.NaN);
const distinct = (ns: readonly number[]): boolean => new Set(ns).size === ns.length && ns.every(Number.isFinite);
const concrete = (bs: readonly KbBranch[]): string => listText(bs.map((b) => `${b.last.answer} (${b.start.text})`));

function extreme(largest: boolean): Op {
  return (bs, rng) => {
    const ns = values(bs);
    if (!distinct(ns)) return undefined;
    const best = ns.indexOf(largest ? Math.max(...ns) : Math.min(...ns));
    const word = largest ? 'larger' : 'smaller';
    const names = listText(bs.map((b) => b.start.text));
    const either = listText(
      bs.map((b) => b.start.text),
      'or',
    );
    const prompt = pick(rng, [
      `Which is ${word}: ${bs.map((b) => b.phrase).join(' or ')}? Answer with ${either}.`,
      `Compare ${listText(bs.map((b) => b.phrase))}. Which of ${names} gives the ${largest ? 'largest' : 'smallest'} value?`,
    ]);
    return {
      op: largest ? 'max' : 'min',
      prompt,
      question: `Which of ${concrete(bs)} is the ${largest ? 'largest' : 'smallest'}? Answer with the name in brackets.`,
      answer: bs[best]?.start.text ?? '',
    };
  };
}

const sum: Op = (bs, rng) => {
  const ns = values(bs);
  if (!ns.every(Number.isFinite)) return undefined;
  const total = fmt(ns.reduce((a, b) => a + b, 0));
  return {
    op: 'sum',
    prompt: pick(rng, [
      `What is the sum of ${listText(bs.map((b) => b.phrase))}?`,
      `Add up ${listText(bs.map((b) => b.phrase))}. What is the total?`,
    ]),
    question: `What is ${bs.map((b) => b.last.answer).join(' + ')}?`,
    answer: total,
  };
};

const difference: Op = (bs, rng) => {
  const [a, b] = values(bs);
  if (bs.length !== 2 || a === undefined || b === undefined || !Number.isFinite(a - b) || a === b) return undefined;
  const [pa, pb] = bs.map((x) => x.phrase);
  return {
    op: 'difference',
    prompt: pick(rng, [`What is the difference between ${pa} and ${pb}?`, `By how much do ${pa} and ${pb} differ?`]),
    question: `What is the absolute difference between ${bs[0]?.last.answer} and ${bs[1]?.last.answer}?`,
    answer: fmt(Math.abs(a - b)),
  };
};

const rank: Op = (bs, rng) => {
  const ns = values(bs);
  if (bs.length < 3 || !distinct(ns)) return undefined;
  const order = bs.map((b, i) => ({ name: b.start.text, n: ns[i] ?? 0 })).sort((x, y) => y.n - x.n);
  return {
    op: 'rank',
    prompt: pick(rng, [
      `Rank ${listText(bs.map((b) => b.start.text))} from largest to smallest by these values: ${bs.map((b) => b.phrase).join('; ')}.`,
      `Sort these from the largest value to the smallest and list the names in that order: ${bs.map((b) => b.phrase).join('; ')}.`,
    ]),
    question: `Order ${concrete(bs)} from largest to smallest, listing the names in brackets.`,
    answer: order.map((o) => o.name).join(', '),
  };
};

const countAbove: Op = (bs, rng) => {
  const ns = [...values(bs)].sort((a, b) => a - b);
  if (bs.length < 3 || !distinct(ns)) return undefined;
  const cut = Math.floor(rng.next() * (ns.length - 1));
  const threshold = niceBetween(ns[cut] ?? 0, ns[cut + 1] ?? 0);
  const count = ns.filter((n) => n > threshold).length;
  return {
    op: 'count-above',
    prompt: `How many of the following are greater than ${fmt(threshold)}: ${bs.map((b) => b.phrase).join('; ')}?`,
    question: `How many of ${listText(bs.map((b) => b.last.answer))} are greater than ${fmt(threshold)}?`,
    answer: String(count),
  };
};

/** A round number strictly between `low` and `high` (the midpoint when no rounder one fits). */
function niceBetween(low: number, high: number): number {
  for (let digits = Math.ceil(Math.log10(Math.max(Math.abs(high), 1))); digits >= -3; digits -= 1) {
    const step = 10 ** digits;
    const candidate = Math.ceil((low + Number.EPSILON) / step) * step;
    if (candidate > low && candidate < high) return Number(candidate.toFixed(3));
  }
  return Number(((low + high) / 2).toFixed(3));
}

const same: Op = (bs, rng) => {
  if (bs.length !== 2) return undefined;
  const [a, b] = bs.map((x) => x.last.answer.toLowerCase());
  return {
    op: 'same',
    prompt: pick(rng, [
      `Are ${bs.map((x) => x.phrase).join(' and ')} the same? Answer yes or no.`,
      `Is ${bs[0]?.phrase} the same as ${bs[1]?.phrase}? Answer yes or no.`,
    ]),
    question: `Are ${bs[0]?.last.answer} and ${bs[1]?.last.answer} the same? Answer yes or no.`,
    answer: a === b ? 'yes' : 'no',
  };
};

const distinctCount: Op = (bs) => {
  if (bs.length < 3) return undefined;
  const count = new Set(bs.map((x) => x.last.answer.toLowerCase())).size;
  return {
    op: 'distinct-count',
    prompt: `How many different values are there among ${listText(bs.map((x) => x.phrase))}?`,
    question: `How many different values are there among ${listText(bs.map((x) => x.last.answer))}?`,
    answer: String(count),
  };
};

/** An aggregation suited to the branches (numeric or not, how many), or undefined when none applies (e.g. ties). */
export function aggregateBranches(rng: Xoshiro128, branches: readonly KbBranch[]): KbAggregate | undefined {
  const numeric = branches.every((b) => b.terminal.numeric !== undefined);
  const ops: Op[] = numeric ? [extreme(true), extreme(false), sum, difference, rank, countAbove] : [same, distinctCount];
  const usable = ops.filter((op) => op(branches, rng) !== undefined);
  if (usable.length === 0) return undefined;
  return pick(rng, usable)(branches, rng);
}
