import { Injectable } from '@nestjs/common';
import { contentHash, type EnvironmentBundle } from '@astra/contracts';

const MAX_BUNDLES = 2_000;

/** Content hash of a bundle (the project's one canonical JSON), so equal bundles share one entry and a producer can
 * compute the key the verifier will use. */
export function bundleHash(bundle: EnvironmentBundle): string {
  return contentHash(bundle);
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
