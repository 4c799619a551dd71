import type { TaskPlan } from '@astra/contracts';
import { hashSeed, type RandomSource, Xoshiro128 } from '@astra/domain/tool-graph';

// Detours keep oracle data from being uniformly perfect: agents repeat a call to be sure, or get an argument wrong
// and recover after the tool's answer. One draw per trajectory, so the rate is the share of trajectories with one.

/** A detour the oracle takes on purpose: the same call again, or a spoiled first argument then the right call. */
export type DetourKind = 'redundant-call' | 'wrong-argument';

export interface DetourChoice {
  readonly kind: DetourKind;
  readonly stepId: string;
}

/** The trajectory's detour (with probability `rate`, seeded), or null. A plan without arguments only repeats calls. */
export function chooseDetour(plan: TaskPlan, rate: number, seed: number): DetourChoice | null {
  const random = new Xoshiro128(hashSeed('oracle-detour', seed));
  if (!(random.next() < rate)) return null;
  const wantsWrong = random.next() < 0.5;
  const withArguments = plan.steps.filter((s) => Object.keys(s.arguments).length + s.bindings.length > 0);
  if (wantsWrong && withArguments.length > 0) return { kind: 'wrong-argument', stepId: pick(withArguments, random).id };
  return { kind: 'redundant-call', stepId: pick(plan.steps, random).id };
}

/** Arguments with the first one spoiled the way agents get them wrong (a cut-off value, a wrong sign, an emptied list). */
export interface SpoiledArguments {
  readonly arguments: Record<string, unknown>;
  readonly argument: string;
  readonly wrong: unknown;
  readonly right: unknown;
}

/** The arguments with their first one spoiled (always different from the right value), or null without arguments. */
export function spoilFirstArgument(args: Record<string, unknown>): SpoiledArguments | null {
  const argument = Object.keys(args)[0];
  if (argument === undefined) return null;
  const right = args[argument];
  const wrong = spoiled(right);
  return { arguments: { ...args, [argument]: wrong }, argument, wrong, right };
}

function spoiled(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 1 ? value.slice(0, -1) : 'unknown';
  if (typeof value === 'number') return value === 0 ? -1 : -value;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return value.length > 0 ? [] : [''];
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0 ? {} : null;
  return '';
}

/** How a detour reads in the trajectory record. */
export function describeDetour(kind: DetourKind, stepId: string, tool: string, spoil?: SpoiledArguments): string {
  if (kind === 'redundant-call') return `redundant-call: ${tool} (step ${stepId}) called again with the same arguments`;
  const detail = spoil ? ` with ${spoil.argument}=${JSON.stringify(spoil.wrong)}, then ${JSON.stringify(spoil.right)}` : '';
  return `wrong-argument: ${tool} (step ${stepId}) first called${detail}`;
}

function pick<T>(items: readonly T[], random: RandomSource): T {
  const item = items[Math.floor(random.next() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
