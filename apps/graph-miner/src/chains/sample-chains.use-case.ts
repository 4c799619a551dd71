import { Injectable } from '@nestjs/common';
import { BusError, type GraphStrategy, type PayloadOf, type Registry, type ResponseOf, SAMPLE_PREVIEW } from '@astra/contracts';
import { graphFromJson, sampleServerChains } from '@astra/domain/tool-graph';
import { CatalogVersionRepository, ToolChainRepository, ToolGraphRepository } from '@astra/persistence/graph-miner';
import { Traced } from '@astra/platform/telemetry';

type SampleRequest = PayloadOf<Registry, 'chains.sample'>;
type SampleResponse = ResponseOf<Registry, 'chains.sample'>;

/**
 * Samples chains from each server's latest graph; the same seed and graph give the same chains, stored once. The
 * answer lists the first SAMPLE_PREVIEW servers and counts them all, so it fits one reply however many are sampled.
 */
@Injectable()
export class SampleChainsUseCase {
  constructor(
    private readonly versions: CatalogVersionRepository,
    private readonly graphs: ToolGraphRepository,
    private readonly chains: ToolChainRepository,
  ) {}

  @Traced()
  async execute(request: SampleRequest): Promise<SampleResponse> {
    const named = request.servers && request.servers.length > 0;
    const names = named ? [...new Set(request.servers)] : (await this.versions.listLatestServers()).map((s) => s.name);
    const servers: SampleResponse['servers'] = [];
    for (const name of names) {
      const row = await this.graphs.latest(name, request.strategy);
      if (!row) {
        // Asked by name: say what is missing. Otherwise a server without a graph is simply not sampled.
        if (named) throw new BusError('NOT_FOUND', `no graph of server "${name}": build one with astra graph build --server ${name}`);
        continue;
      }
      const sampled = sampleServerChains(graphFromJson(row.graph), {
        seed: request.seed,
        mode: request.mode === 'exhaustive' ? 'exhaustive' : 'random',
        minLength: request.minLength,
        maxLength: request.maxLength,
        maxChains: request.perServer,
        allowCycles: request.allowCycles,
      });
      const created = await this.chains.addChains(
        row,
        request.seed,
        sampled.map((c) => c.tools),
        new Date().toISOString(),
      );
      servers.push({ server: name, version: row.serverVersion, strategy: row.strategy as GraphStrategy, sampled: sampled.length, created });
    }
    if (servers.length === 0) throw new BusError('NOT_FOUND', 'no graphs to sample from: build them with astra graph build');
    return {
      servers: servers.slice(0, SAMPLE_PREVIEW),
      serversTotal: servers.length,
      sampled: sum(servers.map((s) => s.sampled)),
      created: sum(servers.map((s) => s.created)),
    };
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
