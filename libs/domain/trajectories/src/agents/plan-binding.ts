import type { PlanStep } from '@astra/contracts';

/** Arguments of a plan step, or why one of its bindings did not resolve. */
export type BoundArguments = { ok: true; arguments: Record<string, unknown> } | { ok: false; reason: string };

/** Follows a dotted path (`entities.0.name`) into a JSON value; an empty path is the value itself. */
export function followPath(value: unknown, path: string): { found: true; value: unknown } | { found: false; at: string } {
  let current = value;
  const walked: string[] = [];
  for (const key of path === '' ? [] : path.split('.')) {
    walked.push(key);
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (isRecord(current) && Object.hasOwn(current, key)) current = current[key];
    else return { found: false, at: walked.join('.') };
  }
  return { found: true, value: current };
}

/**
 * A step's arguments with its bindings filled from earlier steps' successful result texts (JSON; a binding with an empty path
 * takes the whole text when it is not JSON). A binding whose step has no result, whose result is not JSON, or whose
 * path is missing makes the step fail with a reason naming the step, the argument and the path.
 */
export function bindStepArguments(step: PlanStep, results: ReadonlyMap<string, string>): BoundArguments {
  const bound: Record<string, unknown> = { ...step.arguments };
  for (const binding of step.bindings) {
    const where = `step "${step.id}" argument "${binding.argument}" from step "${binding.fromStep}" path "${binding.path}"`;
    const text = results.get(binding.fromStep);
    if (text === undefined) return { ok: false, reason: `${where}: that step has no successful result` };
    const json = parseJson(text);
    if (!json.ok) {
      if (binding.path === '') {
        bound[binding.argument] = text;
        continue;
      }
      return { ok: false, reason: `${where}: its result is not JSON (${excerpt(text, 120)})` };
    }
    const followed = followPath(json.value, binding.path);
    if (!followed.found) return { ok: false, reason: `${where}: nothing at "${followed.at}" in its result` };
    bound[binding.argument] = followed.value;
  }
  return { ok: true, arguments: bound };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text cut to `max` characters on one line (for messages and templated texts). */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
