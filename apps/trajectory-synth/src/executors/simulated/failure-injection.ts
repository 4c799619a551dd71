import { createHash } from 'node:crypto';
import type { ExecutedCall } from '../tool-executor';

/** The failures injected in rotation: a timeout, an error, an empty result. */
export const INJECTED_FAILURES = ['timeout', 'error', 'empty'] as const;
export type InjectedFailure = (typeof INJECTED_FAILURES)[number];

/** A uniform draw in [0, 1) from (seed, call index, salt): the same trajectory fails the same calls again. */
export function seededDraw(seed: number, callIndex: number, salt: string): number {
  const digest = createHash('sha256').update(`${seed}:${callIndex}:${salt}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** The failure injected into call `callIndex` of the trajectory seeded `seed`, or null when it runs normally. */
export function injectedFailure(seed: number, callIndex: number, rate: number): InjectedFailure | null {
  if (rate <= 0 || seededDraw(seed, callIndex, 'fail') >= rate) return null;
  const which = Math.floor(seededDraw(seed, callIndex, 'kind') * INJECTED_FAILURES.length);
  return INJECTED_FAILURES[which] ?? 'error';
}

/** What the agent sees of an injected failure (realistic text; the status says it was injected). */
export function injectedCall(failure: InjectedFailure): ExecutedCall {
  switch (failure) {
    case 'timeout':
      return { status: 'injected', result: 'Error: the tool did not respond within its time limit (timeout)' };
    case 'error':
      return { status: 'injected', result: 'Error: the service is temporarily unavailable (503); try again' };
    case 'empty':
      return { status: 'injected', result: '' };
  }
}
