import type { Determinism, SandboxLimits } from '@astra/contracts';

/** Resolved limits of one call. */
export interface ResolvedLimits {
  timeMs: number;
  memoryMb: number;
  outputBytes: number;
}

/** What the sandbox needs from the verifier's configuration. */
export interface SandboxSettings {
  pythonWorkers: number;
  javascriptWorkers: number;
  defaults: ResolvedLimits;
  killGraceMs: number;
  startTimeoutMs: number;
  maxQueue: number;
  /** Most bytes one result carries as JSON: output past it is output_limit, so a reply always fits the bus. */
  maxResultBytes: number;
}

export const SANDBOX_SETTINGS = Symbol('SANDBOX_SETTINGS');

export const DEFAULT_DETERMINISM: Determinism = { seed: 0, clock: 'fixed', fixedTime: '2025-01-01T00:00:00.000Z' };

export function resolveLimits(defaults: ResolvedLimits, ...overrides: (SandboxLimits | undefined)[]): ResolvedLimits {
  const merged = { ...defaults };
  for (const o of overrides) {
    if (!o) continue;
    merged.timeMs = o.timeMs ?? merged.timeMs;
    merged.memoryMb = o.memoryMb ?? merged.memoryMb;
    merged.outputBytes = o.outputBytes ?? merged.outputBytes;
  }
  return merged;
}

export function resolveDeterminism(...overrides: (Partial<Determinism> | undefined)[]): Determinism {
  return Object.assign({}, DEFAULT_DETERMINISM, ...overrides.map((o) => stripUndefined(o ?? {}))) as Determinism;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
