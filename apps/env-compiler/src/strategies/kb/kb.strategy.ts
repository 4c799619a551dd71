import { Injectable } from '@nestjs/common';
import { BusError, type EnvSynthesisRequest } from '@astra/contracts';
import { generateKbEnvironment, isKbDomain, KB_DOMAINS, KB_MAX_HOPS, type KbDomain } from '@astra/domain/environments';
import type { DraftOutcome, EnvironmentStrategy, SynthesisUnit } from '../../synthesis/environment-strategy';
import { KbKnowledgeLoader } from './kb-knowledge.loader';

/** The kb strategy: environments composed from knowledge data packages, without a model (deterministic per unit). */
@Injectable()
export class KbStrategy implements EnvironmentStrategy {
  readonly name = 'kb' as const;

  constructor(private readonly loader: KbKnowledgeLoader) {}

  /** Refuses what kb cannot make (Chinese, unknown areas, too many hops); otherwise one unit per environment asked for. */
  async plan(request: EnvSynthesisRequest): Promise<number> {
    kbDomains(request);
    if (request.language !== 'en') {
      throw new BusError('VALIDATION_FAILED', `the kb strategy writes English questions only (language '${request.language}' asked)`);
    }
    if (request.hops.min > KB_MAX_HOPS) {
      throw new BusError(
        'VALIDATION_FAILED',
        `the kb strategy makes questions of at most ${KB_MAX_HOPS} hops (hops.min is ${request.hops.min})`,
      );
    }
    return request.count;
  }

  async draft(unit: SynthesisUnit): Promise<DraftOutcome> {
    const result = generateKbEnvironment(this.loader.load(), {
      seed: unit.seed,
      index: unit.index,
      hops: unit.request.hops,
      domains: kbDomains(unit.request),
    });
    return result.ok ? { ok: true, content: result.content } : { ok: false, reason: result.reason };
  }
}

/** The knowledge areas a request names (all when none); an unknown name is a validation failure. */
function kbDomains(request: EnvSynthesisRequest): KbDomain[] {
  const names = (request.domains ?? []).map((d) => d.domain.trim().toLowerCase());
  const unknown = names.filter((n) => !isKbDomain(n));
  if (unknown.length > 0) {
    throw new BusError('VALIDATION_FAILED', `unknown kb knowledge area(s): ${unknown.join(', ')} (known: ${KB_DOMAINS.join(', ')})`);
  }
  return names.filter(isKbDomain);
}
