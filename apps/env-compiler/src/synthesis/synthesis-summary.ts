import type { EnvStrategy, EnvSynthesisSummary } from '@astra/contracts';
import type { EnvironmentEntity, SynthesisUnitEntity } from '@astra/persistence/env-compiler';

const FAILURES_SHOWN = 20;

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** What a synthesis job made, from its unit rows and the environments they name. */
export function summariseSynthesis(
  strategy: EnvStrategy,
  units: readonly SynthesisUnitEntity[],
  environments: readonly EnvironmentEntity[],
): EnvSynthesisSummary {
  const byScenario: Record<string, number> = {};
  const byHops: Record<string, number> = {};
  const templates = new Set<string>();
  const entities = new Set<string>();
  for (const environment of environments) {
    increment(byScenario, environment.scenarioType);
    increment(byHops, String(environment.hops));
    const { lineage } = environment.content;
    if (lineage.template !== undefined) templates.add(lineage.template);
    for (const entity of lineage.entities) entities.add(entity);
  }
  const failed = units.filter((u) => u.outcome === 'failed');
  return {
    strategy,
    units: units.length,
    published: units.filter((u) => u.outcome === 'published').length,
    failed: failed.length,
    existing: units.filter((u) => u.outcome === 'existing').length,
    byScenario,
    byHops,
    templates: templates.size,
    entities: entities.size,
    split: {
      train: units.filter((u) => u.split === 'train').length,
      heldOut: units.filter((u) => u.split === 'held-out').length,
    },
    failures: failed.slice(0, FAILURES_SHOWN).map((u) => ({ unit: u.unitIndex, reason: u.reason ?? 'unknown' })),
  };
}
