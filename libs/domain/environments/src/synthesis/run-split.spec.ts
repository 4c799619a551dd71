import type { EnvLineage } from '@astra/contracts';
import { assignSplit, keyFraction, unitSeed } from './run-split';

const lineage = (entities: string[], template = 't1'): EnvLineage => ({ strategy: 'kb', inputs: [], seed: 1, template, entities });

describe('run split', () => {
  it('draws the same fraction for the same key and seed, and spreads keys evenly', () => {
    expect(keyFraction(7, 'France')).toBe(keyFraction(7, 'France'));
    expect(keyFraction(7, 'France')).not.toBe(keyFraction(8, 'France'));
    const held = Array.from({ length: 2000 }, (_, i) => keyFraction(3, `k${i}`)).filter((f) => f < 0.2).length;
    expect(held).toBeGreaterThan(300);
    expect(held).toBeLessThan(500);
  });

  it('gives each unit its own seed, the same on every run', () => {
    expect(unitSeed(1, 5)).toBe(unitSeed(1, 5));
    expect(new Set(Array.from({ length: 100 }, (_, i) => unitSeed(1, i))).size).toBe(100);
  });

  it('splits by domain and template with one key, and never by row', () => {
    const rule = { by: 'domain' as const, heldOutFraction: 0.5 };
    const a = assignSplit(rule, 1, { domain: 'geography', lineage: lineage(['x']) });
    expect(assignSplit(rule, 1, { domain: 'geography', lineage: lineage(['y'], 't9') })).toBe(a);
    const byTemplate = { by: 'template' as const, heldOutFraction: 0.5 };
    const t = assignSplit(byTemplate, 1, { domain: 'a', lineage: lineage(['x'], 'capital-of') });
    expect(assignSplit(byTemplate, 1, { domain: 'b', lineage: lineage(['z'], 'capital-of') })).toBe(t);
    expect(assignSplit(undefined, 1, { domain: 'a', lineage: lineage([]) })).toBeNull();
  });

  it('by entity: held out only when every entity is, so no held-out entity trains', () => {
    const rule = { by: 'entity' as const, heldOutFraction: 0.5 };
    const names = Array.from({ length: 40 }, (_, i) => `e${i}`);
    const heldOut = names.filter((n) => assignSplit(rule, 2, { domain: 'd', lineage: lineage([n]) }) === 'held-out');
    const training = names.filter((n) => !heldOut.includes(n));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(training.length).toBeGreaterThan(0);
    expect(assignSplit(rule, 2, { domain: 'd', lineage: lineage([heldOut[0]!, training[0]!]) })).toBeNull();
    expect(assignSplit(rule, 2, { domain: 'd', lineage: lineage([training[0]!, training[1]!]) })).toBe('train');
  });
});
