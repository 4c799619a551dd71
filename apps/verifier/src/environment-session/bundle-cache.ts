import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EnvironmentBundle } from '@astra/contracts';

const MAX_BUNDLES = 2_000;

/** Content hash of a bundle: sha256 over its canonical JSON (keys sorted), so equal bundles share one entry. */
export function bundleHash(bundle: EnvironmentBundle): string {
  return createHash('sha256').update(canonicalJson(bundle)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Bundles by content hash, least recently used dropped first; workers cache their compiled code by the same hash. */
@Injectable()
export class BundleCache {
  private readonly bundles = new Map<string, EnvironmentBundle>();

  put(bundle: EnvironmentBundle): { hash: string; cached: boolean } {
    const hash = bundleHash(bundle);
    const cached = this.bundles.delete(hash);
    this.bundles.set(hash, bundle);
    if (this.bundles.size > MAX_BUNDLES) this.bundles.delete(this.bundles.keys().next().value as string);
    return { hash, cached };
  }

  get(hash: string): EnvironmentBundle | undefined {
    const bundle = this.bundles.get(hash);
    if (bundle) {
      this.bundles.delete(hash);
      this.bundles.set(hash, bundle);
    }
    return bundle;
  }
}
