import type { EnvironmentContent, SubTask } from '@astra/contracts';
import { hashSeed, type RandomSource, Xoshiro128 } from '@astra/domain/tool-graph';
import { argumentsFit } from '../reward/arguments-fit';
import type { ScoredCall } from '../reward/reward.types';
import { isSubTaskTooled, solvedSubTasks } from '../reward/solved-sub-tasks';

// The no-model reference policy: it follows the environment's own decomposition, one parallel turn per layer of the
// dependency DAG, and errs at the rate `noise` the way agents do (a wrong argument, a distractor, a redundant call,
// giving up early), so groups of its episodes have a reward spread without a model.

/** The oracle policy's next turn: calls (parallel) or a final answer. */
export interface OracleTurn {
  content: string;
  calls: { name: string; arguments: Record<string, unknown> }[];
}

type OracleEnv = Pick<EnvironmentContent, 'subTasks' | 'finalAnswer' | 'tools'>;
type TooledSubTask = SubTask & { call: NonNullable<SubTask['call']> };
type Call = OracleTurn['calls'][number];
type Mistake = 'wrong-argument' | 'distractor' | 'duplicate';

/**
 * The oracle's turn `turn`. Pending: tooled sub-tasks not solved by `history` (the reward's definition), whose tooled
 * dependencies are solved, and whose exact call was not made already (a call that did not solve is not repeated, so
 * an episode always ends). With pending sub-tasks it calls each one's statement; otherwise it answers.
 */
export function oracleTurn(
  env: OracleEnv,
  history: ScoredCall[],
  offered: readonly string[],
  noise: number,
  seed: number,
  turn: number,
): OracleTurn {
  const solved = new Set(solvedSubTasks(env.subTasks, history, '').map((s) => s.subTask));
  const tooled = env.subTasks.filter(isSubTaskTooled);
  const tooledIds = new Set(tooled.map((s) => s.id));
  const pending = tooled.filter(
    (s) =>
      !solved.has(s.id) &&
      s.dependsOn.every((d) => !tooledIds.has(d) || solved.has(d)) &&
      !history.some((c) => sameCall(s, c.tool, c.arguments)),
  );
  const random = new Xoshiro128(hashSeed(`oracle-turn:${turn}`, seed));
  if (pending.length === 0) return answer(env, solved, tooled.length);
  if (history.length > 0 && random.next() < noise / 4) return answer(env, solved, tooled.length);
  const own = new Set(env.tools.map((t) => t.name));
  const distractors = offered.filter((name) => !own.has(name));
  // Sub-tasks with one call statement share one call (the reward counts it for each).
  const distinct = pending.filter((s, i) => !pending.slice(0, i).some((t) => sameCall(t, s.call.tool, s.call.arguments)));
  const calls = distinct.flatMap((s) =>
    callsFor(s, random.next() < noise ? mistake(s, distractors, history, random) : undefined, distractors, random),
  );
  return { content: `Looking up: ${pending.map((s) => s.question).join('; ')}`, calls };
}

/** Whether a call of `tool` with `args` is exactly the sub-task's call statement (equivalent both ways). */
function sameCall(subTask: TooledSubTask, tool: string, args: Record<string, unknown> | null): boolean {
  return (
    tool === subTask.call.tool && args !== null && argumentsFit(subTask.call.arguments, args) && argumentsFit(args, subTask.call.arguments)
  );
}

function callsFor(subTask: TooledSubTask, wrong: Mistake | undefined, distractors: readonly string[], random: RandomSource): Call[] {
  const right: Call = { name: subTask.call.tool, arguments: { ...subTask.call.arguments } };
  switch (wrong) {
    case undefined:
      return [right];
    case 'wrong-argument':
      return [{ name: right.name, arguments: alteredArguments(subTask.call.arguments) }];
    case 'distractor':
      return [right, { name: pick(distractors, random), arguments: { ...subTask.call.arguments } }];
    case 'duplicate':
      return [right, { name: right.name, arguments: { ...subTask.call.arguments } }];
  }
}

/**
 * One of the mistakes this sub-task allows: a wrong argument needs an argument and is not made twice (an agent
 * learns from the error it saw), a distractor needs an offered one.
 */
function mistake(subTask: TooledSubTask, distractors: readonly string[], history: readonly ScoredCall[], random: RandomSource): Mistake {
  const options: Mistake[] = ['duplicate'];
  const altered = alteredArguments(subTask.call.arguments);
  const madeBefore = history.some((c) => c.tool === subTask.call.tool && c.arguments !== null && argumentsFit(altered, c.arguments));
  if (Object.keys(subTask.call.arguments).length > 0 && !madeBefore) options.push('wrong-argument');
  if (distractors.length > 0) options.push('distractor');
  return pick(options, random);
}

/** The arguments with one value spoiled: a string gets a stray letter, a number is off by one, a boolean flips. */
function alteredArguments(args: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(args);
  const key = keys.find((k) => typeof args[k] === 'string') ?? keys.find((k) => typeof args[k] === 'number') ?? keys[0];
  if (key === undefined) return { ...args };
  const value = args[key];
  const spoiled =
    typeof value === 'string' ? `${value}x` : typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : 'x';
  return { ...args, [key]: spoiled };
}

function answer(env: OracleEnv, solved: ReadonlySet<string>, tooled: number): OracleTurn {
  const known = env.subTasks.filter((s) => !isSubTaskTooled(s) && s.dependsOn.every((d) => solved.has(d) || !isTooledId(env, d)));
  const parts = known.map((s) => `${s.question} ${s.answer}.`);
  const complete = env.subTasks.filter((s) => isSubTaskTooled(s) && solved.has(s.id)).length === tooled;
  parts.push(complete ? `Final answer: ${env.finalAnswer}` : 'I could not find everything needed for the final answer.');
  return { content: parts.join(' '), calls: [] };
}

function isTooledId(env: OracleEnv, id: string): boolean {
  const subTask = env.subTasks.find((s) => s.id === id);
  return subTask !== undefined && isSubTaskTooled(subTask);
}

function pick<T>(items: readonly T[], random: RandomSource): T {
  return items[Math.floor(random.next() * items.length)] as T;
}
