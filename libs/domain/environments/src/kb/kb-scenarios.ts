import type { ScenarioType } from '@astra/contracts';
import type { Xoshiro128 } from '@astra/domain/tool-graph';
import { aggregateBranches, listText } from './kb-aggregate';
import type { KbIndex } from './kb-index';
import { startValues } from './kb-paths';
import type { KbRelation, KbValue } from './kb-relation';
import { between, type KbBranch, type KbSubTask, pick, walkBranch } from './kb-walk';

// The four scenario types as compositions of walked branches: one branch (single-hop, multi-hop), several
// independent branches (parallel), and optionally a tool-free aggregation leaf over them.

/** A composed question: its prompt, sub-tasks, final answer, and the branches whose tool rows it needs. */
export interface KbComposition {
  readonly scenario: ScenarioType;
  readonly template: string;
  readonly prompt: string;
  readonly finalAnswer: string;
  readonly tasks: readonly KbSubTask[];
  readonly branches: readonly KbBranch[];
}

const SINGLE_FRAMES = ['What is {q}?', 'Find {q}.', 'Can you tell me {q}?', 'I would like to know {q}.'];
const LIST_FRAMES = ['What are {q}?', 'Find {q}.', 'Please look up {q}.'];
const START_TRIES = 40;

/** What the composer needs: the index, the random stream, and the paths by length. */
export interface KbComposeContext {
  readonly index: KbIndex;
  readonly rng: Xoshiro128;
  readonly paths: ReadonlyArray<readonly KbRelation[][]>;
}

function frame(ctx: KbComposeContext, frames: readonly string[], q: string): { text: string; id: number } {
  const id = Math.floor(ctx.rng.next() * frames.length);
  const text = (frames[id] ?? '{q}').replace('{q}', q);
  return { text: text.charAt(0).toUpperCase() + text.slice(1), id };
}

/**
 * A path whose knowledge area is drawn first, uniformly: otherwise the area with the most relation paths (geography)
 * would crowd the others out of the deep questions.
 */
function pickPath(ctx: KbComposeContext, options: readonly (readonly KbRelation[])[]): readonly KbRelation[] {
  const domains = [...new Set(options.map((p) => p[0]?.domain))];
  const domain = pick(ctx.rng, domains);
  return pick(
    ctx.rng,
    options.filter((p) => p[0]?.domain === domain),
  );
}

const pathId = (path: readonly KbRelation[]): string => path.map((r) => r.id).join('>');

/** Walks `count` branches along `path` from distinct random starts; undefined when the data does not allow it. */
function walkMany(ctx: KbComposeContext, path: readonly KbRelation[], count: number, firstId: number): KbBranch[] | undefined {
  const first = path[0];
  if (!first) return undefined;
  const candidates = startValues(ctx.index, first.from);
  if (candidates.length === 0) return undefined;
  const branches: KbBranch[] = [];
  const used = new Set<string>();
  for (let attempt = 0; attempt < START_TRIES * count && branches.length < count; attempt += 1) {
    const start: KbValue = pick(ctx.rng, candidates);
    if (used.has(start.text)) continue;
    const id = firstId + branches.reduce((n, b) => n + b.tasks.length, 0);
    const branch = walkBranch(ctx.index, ctx.rng, path, start, id);
    if (!branch) continue;
    used.add(start.text);
    branches.push(branch);
  }
  return branches.length === count ? branches : undefined;
}

/** One branch of `hops` relations: single-hop when hops is 1, multi-hop otherwise. */
export function composeChain(ctx: KbComposeContext, hops: number): KbComposition | undefined {
  const options = ctx.paths[hops] ?? [];
  if (options.length === 0) return undefined;
  const path = pickPath(ctx, options);
  const [branch] = walkMany(ctx, path, 1, 1) ?? [];
  if (!branch) return undefined;
  const prompt = frame(ctx, SINGLE_FRAMES, branch.phrase);
  const scenario: ScenarioType = hops === 1 ? 'single-hop' : 'multi-hop';
  return {
    scenario,
    template: `${scenario}:${pathId(path)}:f${prompt.id}`,
    prompt: prompt.text,
    finalAnswer: branch.last.answer,
    tasks: branch.tasks,
    branches: [branch],
  };
}

/** Independent one-hop lookups: one relation over several entities, or several relations of one entity. */
export function composeParallelSingle(ctx: KbComposeContext): KbComposition | undefined {
  const singles = ctx.paths[1] ?? [];
  if (singles.length === 0) return undefined;
  const seedPath = pickPath(ctx, singles);
  let branches: KbBranch[] | undefined;
  let variant: string;
  const siblings = singles.filter((p) => p[0]?.from === seedPath[0]?.from && p[0]?.id !== seedPath[0]?.id);
  if (siblings.length > 0 && ctx.rng.next() < 0.4) {
    const second = pick(ctx.rng, siblings);
    variant = `same-entity:${pathId(seedPath)}+${pathId(second)}`;
    const [first] = walkMany(ctx, seedPath, 1, 1) ?? [];
    const other = first && walkBranch(ctx.index, ctx.rng, second, first.start, 2);
    branches = first && other ? [first, other] : undefined;
  } else {
    variant = `many-entities:${pathId(seedPath)}`;
    branches = walkMany(ctx, seedPath, between(ctx.rng, 2, 3), 1);
  }
  if (!branches) return undefined;
  return listComposition(ctx, 'parallel-single-hop', variant, branches);
}

/** Parallel branches of several hops: aggregated by a tool-free leaf, or asked for side by side. */
export function composeParallelMulti(ctx: KbComposeContext, hops: number): KbComposition | undefined {
  const canAggregate = hops >= 2 && (ctx.paths[hops - 1]?.length ?? 0) > 0;
  const sideBySide = hops >= 2 && (ctx.paths[hops]?.length ?? 0) > 0;
  const aggregate = canAggregate && (!sideBySide || ctx.rng.next() < 0.7);
  const length = aggregate ? hops - 1 : hops;
  const options = ctx.paths[length] ?? [];
  if (options.length === 0 || length < 1 || (!aggregate && length < 2)) return undefined;
  const path = pickPath(ctx, options);
  const branches = walkMany(ctx, path, between(ctx.rng, 2, 3), 1);
  if (!branches) return undefined;
  if (!aggregate) return listComposition(ctx, 'parallel-multi-hop', `side-by-side:${pathId(path)}`, branches);
  const agg = aggregateBranches(ctx.rng, branches);
  if (!agg) return undefined;
  const tasks = branches.flatMap((b) => b.tasks);
  const leaf: KbSubTask = {
    id: `s${tasks.length + 1}`,
    question: agg.question,
    answer: agg.answer,
    dependsOn: branches.map((b) => b.last.id),
    hop: 1 + Math.max(...branches.map((b) => b.last.hop)),
    toolNecessity: false,
  };
  return {
    scenario: 'parallel-multi-hop',
    template: `parallel-multi-hop:${agg.op}:${pathId(path)}`,
    prompt: agg.prompt,
    finalAnswer: agg.answer,
    tasks: [...tasks, leaf],
    branches,
  };
}

function listComposition(ctx: KbComposeContext, scenario: ScenarioType, variant: string, branches: KbBranch[]): KbComposition {
  const prompt = frame(ctx, LIST_FRAMES, listText(branches.map((b) => b.phrase)));
  return {
    scenario,
    template: `${scenario}:${variant}:f${prompt.id}`,
    prompt: prompt.text,
    finalAnswer: branches.map((b) => b.last.answer).join('; '),
    tasks: branches.flatMap((b) => b.tasks),
    branches,
  };
}
