import { Inject, Injectable } from '@nestjs/common';
import { BusError, type DistractorSettings, type EnvironmentRecord, type EnvironmentSet, type SimilarityBand } from '@astra/contracts';
import { drawDistractors } from '@astra/domain/rollouts';
import { MessageBus } from '@astra/platform/bus';
import { mapConcurrent } from '@astra/platform/jobs';
import type { DistractorTool } from '../episodes/episode.types';
import { ROLLOUT_BROKER_CONFIG, type RolloutBrokerConfig } from '../rollout-broker.config';
import { RecordCache } from './record-cache';

/** Listing page size when a set names an env-compiler job. */
const LIST_PAGE = 1000;
/** env-compiler lookups in flight while checking a set of ids. */
const LOOKUPS = 16;
/** Unknown ids named in an error; the rest are counted. */
const NAMED = 5;

/**
 * Where a batch's environments come from: env-compiler over the bus, records kept in a bounded cache. An id that
 * env-compiler does not know is a final VALIDATION_FAILED; env-compiler not answering stays retryable (the batch is
 * redelivered later).
 */
@Injectable()
export class EnvironmentSource {
  private readonly cache: RecordCache<EnvironmentRecord>;

  constructor(
    private readonly bus: MessageBus,
    @Inject(ROLLOUT_BROKER_CONFIG) config: RolloutBrokerConfig,
  ) {
    this.cache = new RecordCache(config.ROLLOUT_ENV_CACHE, (id) => this.show(id));
  }

  /** The environment ids of a set, in the set's order, at most `limit`; every one is known to env-compiler. */
  async resolve(set: EnvironmentSet): Promise<string[]> {
    const ids = set.ids ? [...new Set(set.ids)].slice(0, set.limit ?? set.ids.length) : await this.ofJob(set);
    if (ids.length === 0) throw new BusError('VALIDATION_FAILED', `env-compiler job ${set.jobId ?? ''} has no environments in this set`);
    if (set.ids) await this.checkKnown(ids);
    return ids;
  }

  /** One environment's whole record (cached). */
  async record(id: string): Promise<EnvironmentRecord> {
    const found = await this.cache.get(id);
    if (!found) throw new BusError('VALIDATION_FAILED', `unknown environment ${id}`);
    return found;
  }

  /**
   * The distractor tools of one episode: drawn from the environment's pools with the episode's seed, each defined
   * by its own environment's record. A candidate is skipped when its environment is gone, needs setup code (its
   * state would not exist in this session), or is in another language than this environment and its tools.
   */
  async distractors(environment: EnvironmentRecord, settings: DistractorSettings, seed: number): Promise<DistractorTool[]> {
    const taken = new Set(environment.tools.map((t) => t.name));
    const drawn = drawDistractors(environment.distractors, settings, seed, taken);
    const toolLanguage = environment.tools[0]?.language;
    const tools: DistractorTool[] = [];
    for (const d of drawn) {
      const source = await this.cache.get(d.environmentId);
      if (!source || source.setup !== undefined || source.language !== environment.language) continue;
      const tool = source.tools.find((t) => t.name === d.tool);
      if (!tool || tool.language !== toolLanguage) continue;
      tools.push({ environmentId: d.environmentId, band: d.band, tool });
    }
    return tools;
  }

  /** The distractor tools an episode was offered (by name and environment), for a replay; ones gone since are left out. */
  async offeredDistractors(refs: readonly { name: string; environmentId: string; band: SimilarityBand }[]): Promise<DistractorTool[]> {
    const tools: DistractorTool[] = [];
    for (const ref of refs) {
      const tool = (await this.cache.get(ref.environmentId))?.tools.find((t) => t.name === ref.name);
      if (tool) tools.push({ environmentId: ref.environmentId, band: ref.band, tool });
    }
    return tools;
  }

  private async ofJob(set: EnvironmentSet): Promise<string[]> {
    const ids: string[] = [];
    const limit = set.limit ?? Number.POSITIVE_INFINITY;
    let cursor: string | undefined;
    do {
      const page = await this.bus.request('env-compiler.environment.list', {
        jobId: set.jobId,
        ...(set.split ? { split: set.split } : {}),
        limit: LIST_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.environments.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined && ids.length < limit);
    return ids.slice(0, limit);
  }

  private async checkKnown(ids: readonly string[]): Promise<void> {
    const found = await mapConcurrent(ids, LOOKUPS, (id) => this.cache.get(id));
    const unknown = ids.filter((_, i) => found[i] === undefined);
    if (unknown.length === 0) return;
    const more = unknown.length > NAMED ? ` and ${unknown.length - NAMED} more` : '';
    throw new BusError('VALIDATION_FAILED', `unknown environments: ${unknown.slice(0, NAMED).join(', ')}${more}`);
  }

  /** The record from env-compiler; undefined when it does not know the id (other faults are thrown as they are). */
  private async show(id: string): Promise<EnvironmentRecord | undefined> {
    try {
      return (await this.bus.request('env-compiler.environment.show', { id })).environment;
    } catch (error) {
      if (error instanceof BusError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
}
