import { contentHash, type EnvironmentContent, type EnvSplit, type EnvSplitRule } from '@astra/contracts';

/** A number in [0, 1) drawn from a key: the same key and seed always land in the same place. */
export function keyFraction(seed: number, key: string): number {
  return parseInt(contentHash({ seed, key }).slice(0, 12), 16) / 2 ** 48;
}

/** The seed of unit `index` of a job seeded `seed`: independent of the other units, so a resumed job makes the same units. */
export function unitSeed(seed: number, index: number): number {
  return parseInt(contentHash({ seed, unit: index }).slice(0, 8), 16) & 0x7fffffff;
}

/**
 * Where an environment falls in its run's split. By domain or template, one key decides. By entity, an environment
 * is held out when all its entities are, trains when none is, and straddles (null: in neither set) otherwise, so no
 * entity of a held-out environment appears in a training one. Without a rule there is no split (null).
 */
export function assignSplit(
  rule: EnvSplitRule | undefined,
  seed: number,
  content: Pick<EnvironmentContent, 'domain' | 'lineage'>,
): EnvSplit | null {
  if (!rule || rule.heldOutFraction === 0) return rule ? 'train' : null;
  const held = (key: string) => keyFraction(seed, `${rule.by}:${key}`) < rule.heldOutFraction;
  switch (rule.by) {
    case 'domain':
      return held(content.domain) ? 'held-out' : 'train';
    case 'template':
      return held(content.lineage.template ?? content.domain) ? 'held-out' : 'train';
    case 'entity': {
      const entities = content.lineage.entities;
      if (entities.length === 0) return held(content.domain) ? 'held-out' : 'train';
      const count = entities.filter(held).length;
      if (count === 0) return 'train';
      return count === entities.length ? 'held-out' : null;
    }
  }
}
