import { contentHash, type EnvironmentContentInput, type ScenarioType } from '@astra/contracts';
import { hashSeed, Xoshiro128 } from '@astra/domain/tool-graph';
import { indexKnowledgeBase, type KbIndex } from './kb-index';
import { KB_MAX_PATH, pathsByLength } from './kb-paths';
import type { KbRelation } from './kb-relation';
import { composeChain, type KbComposeContext, type KbComposition, composeParallelMulti, composeParallelSingle } from './kb-scenarios';
import { compileKbTool, type KbToolDef, type KbToolRow } from './kb-tool.compiler';
import { between } from './kb-walk';
import { KB_DOMAINS, type KbDomain, type KnowledgeBase } from './knowledge-base';

/** What to generate: the unit's seed and index, the hop range, and the knowledge areas to draw from. */
export interface KbGenerateOptions {
  readonly seed: number;
  readonly index: number;
  readonly hops: { readonly min: number; readonly max: number };
  /** Knowledge areas (all when absent or empty). */
  readonly domains?: readonly KbDomain[];
}

/** A generated environment, or why none could be made. */
export type KbGenerateResult =
  { readonly ok: true; readonly content: EnvironmentContentInput } | { readonly ok: false; readonly reason: string };

/** The most hops a kb environment can have (the longest walk plus an aggregation step). */
export const KB_MAX_HOPS = KB_MAX_PATH + 1;

const ATTEMPTS = 12;

/** Which scenario types, with which hop counts, the paths of `domains` allow within `hops`. */
export function feasibleScenarios(
  paths: ReadonlyArray<readonly unknown[]>,
  hops: { min: number; max: number },
): ReadonlyArray<{ scenario: ScenarioType; hops: number[] }> {
  const has = (length: number): boolean => (paths[length]?.length ?? 0) > 0;
  const within = (h: number): boolean => h >= hops.min && h <= hops.max;
  const range = (from: number, to: number): number[] =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i).filter(within);
  const table: Array<{ scenario: ScenarioType; hops: number[] }> = [
    { scenario: 'single-hop', hops: has(1) ? range(1, 1) : [] },
    { scenario: 'parallel-single-hop', hops: has(1) ? range(1, 1) : [] },
    { scenario: 'multi-hop', hops: range(2, KB_MAX_PATH).filter(has) },
    { scenario: 'parallel-multi-hop', hops: range(2, KB_MAX_HOPS).filter((h) => has(h - 1) || has(h)) },
  ];
  return table.filter((t) => t.hops.length > 0);
}

const pathCache = new Map<string, ReadonlyArray<readonly KbRelation[][]>>();

function pathsFor(domains: readonly KbDomain[]): ReadonlyArray<readonly KbRelation[][]> {
  const key = [...domains].sort().join(',');
  let paths = pathCache.get(key);
  if (!paths) {
    paths = pathsByLength(domains);
    pathCache.set(key, paths);
  }
  return paths;
}

/** One environment composed from `kb`, determined by (seed, index, hops, domains) alone. */
export function generateKbEnvironment(kb: KnowledgeBase, options: KbGenerateOptions): KbGenerateResult {
  const domains = options.domains && options.domains.length > 0 ? options.domains : KB_DOMAINS;
  const index = indexKnowledgeBase(kb);
  const paths = pathsFor(domains);
  const scenarios = feasibleScenarios(paths, options.hops);
  if (scenarios.length === 0) {
    return { ok: false, reason: `no kb question over ${domains.join(', ')} has ${options.hops.min} to ${options.hops.max} hops` };
  }
  const rng = new Xoshiro128(hashSeed(`kb-unit:${options.index}`, options.seed));
  const ctx: KbComposeContext = { index, rng, paths };
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const choice = scenarios[Math.floor(rng.next() * scenarios.length)];
    if (!choice) break;
    const hops = choice.hops[Math.floor(rng.next() * choice.hops.length)] ?? 1;
    const composition = compose(ctx, choice.scenario, hops);
    if (composition) return { ok: true, content: assemble(index, rng, composition, options.seed) };
  }
  return { ok: false, reason: `no question could be composed in ${ATTEMPTS} attempts (hops ${options.hops.min}-${options.hops.max})` };
}

function compose(ctx: KbComposeContext, scenario: ScenarioType, hops: number): KbComposition | undefined {
  switch (scenario) {
    case 'single-hop':
      return composeChain(ctx, 1);
    case 'multi-hop':
      return composeChain(ctx, hops);
    case 'parallel-single-hop':
      return composeParallelSingle(ctx);
    case 'parallel-multi-hop':
      return composeParallelMulti(ctx, hops);
  }
}

function assemble(index: KbIndex, rng: Xoshiro128, c: KbComposition, seed: number): EnvironmentContentInput {
  const needed = new Map<string, { def: KbToolDef; ids: Set<string> }>();
  for (const branch of c.branches) {
    for (const { relation, rowId } of branch.rows) {
      const entry = needed.get(relation.tool.name) ?? { def: relation.tool, ids: new Set<string>() };
      entry.ids.add(rowId);
      needed.set(relation.tool.name, entry);
    }
  }
  const tools = [];
  const inputs = [];
  for (const { def, ids } of needed.values()) {
    const slice = sliceWithDistractors(index, rng, def, ids);
    tools.push(compileKbTool(def, slice));
    inputs.push(contentHash({ source: index.kb.sources[def.table], tool: def.name, rows: slice }));
  }
  const first = c.branches[0]?.rows[0]?.relation;
  return {
    schemaVersion: 1,
    language: 'en',
    domain: first?.domain ?? 'geography',
    scenarioType: c.scenario,
    prompt: c.prompt,
    tools,
    subTasks: c.tasks.map((t) => ({ ...t, dependsOn: [...t.dependsOn] })),
    finalAnswer: c.finalAnswer,
    lineage: {
      strategy: 'kb',
      inputs: inputs.sort(),
      seed,
      template: c.template,
      entities: [...new Set(c.branches.flatMap((b) => b.entities))].sort(),
    },
  };
}

/** The rows a question needs plus a few other real rows, in a fixed order that does not reveal which are needed. */
function sliceWithDistractors(index: KbIndex, rng: Xoshiro128, def: KbToolDef, ids: ReadonlySet<string>): KbToolRow[] {
  const { list, byId } = index.toolRows(def);
  const chosen = new Set(ids);
  const target = Math.min(list.length, chosen.size + between(rng, 4, 8));
  for (let tries = 0; chosen.size < target && tries < 100; tries += 1) {
    const row = list[Math.floor(rng.next() * list.length)];
    if (row) chosen.add(row.id);
  }
  return [...chosen]
    .sort()
    .map((id) => byId.get(id))
    .filter((row): row is KbToolRow => row !== undefined);
}
