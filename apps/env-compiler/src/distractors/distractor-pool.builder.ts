import { Inject, Injectable } from '@nestjs/common';
import { computeDistractorPools, toolDocument } from '@astra/domain/environments';
import { EnvironmentRepository, type EnvironmentEntity } from '@astra/persistence/env-compiler';
import type { JobContext } from '@astra/platform/jobs';
import { LexicalEmbedder } from '@astra/platform/llm';
import { Traced } from '@astra/platform/telemetry';
import { ENV_COMPILER_CONFIG, type EnvCompilerConfig } from '../env-compiler.config';
import { ENV_LLM_ROLES, EnvLlm } from '../synthesis/env-llm';

/** Tool documents sent to an embeddings endpoint in one request. */
const EMBED_BATCH = 64;

/**
 * Distractor pools by similarity band for a job's environments: candidates are the other environments' tools of
 * other domains, scored on embeddings of their tool documents (the embeddings role when configured, else a lexical
 * embedding fitted on these documents). Recomputed whole on a redelivery, so it needs no progress of its own.
 */
@Injectable()
export class DistractorPoolBuilder {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly llm: EnvLlm,
    @Inject(ENV_COMPILER_CONFIG) private readonly config: EnvCompilerConfig,
  ) {}

  @Traced()
  async build(rows: readonly EnvironmentEntity[], job: JobContext): Promise<void> {
    if (rows.length < 2) return;
    const tools = rows.flatMap((row) => row.content.tools.map((tool) => ({ row, name: tool.name, text: toolDocument(tool) })));
    const { method, vectors } = await this.embed(
      tools.map((t) => t.text),
      job,
    );
    const sources = new Map<string, { id: string; domain: string; tools: { name: string; vector: number[] }[] }>();
    tools.forEach((tool, i) => {
      const source = sources.get(tool.row.id) ?? { id: tool.row.id, domain: tool.row.domain, tools: [] };
      source.tools.push({ name: tool.name, vector: vectors[i] ?? [] });
      sources.set(tool.row.id, source);
    });
    const pools = computeDistractorPools([...sources.values()], {
      method,
      perBand: this.config.ENV_DISTRACTORS_PER_BAND,
    });
    for (const [id, pool] of pools) {
      await job.checkpoint();
      await this.environments.saveDistractors(id, pool);
    }
  }

  private async embed(texts: string[], job: JobContext): Promise<{ method: 'embeddings' | 'lexical'; vectors: number[][] }> {
    if (!this.llm.has(ENV_LLM_ROLES.embeddings)) {
      return { method: 'lexical', vectors: await new LexicalEmbedder().fit(texts).embed(texts) };
    }
    const { client } = this.llm.require('distractor pools', ENV_LLM_ROLES.embeddings);
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      await job.checkpoint();
      vectors.push(...(await client.embed(ENV_LLM_ROLES.embeddings, texts.slice(i, i + EMBED_BATCH))));
    }
    return { method: 'embeddings', vectors };
  }
}
