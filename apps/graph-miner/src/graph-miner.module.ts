import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ArtifactStore, BusModule } from '@astra/platform/bus';
import { DatabaseModule, dataSourceProviders } from '@astra/platform/database';
import {
  CatalogImportRepository,
  CatalogVersionRepository,
  GraphJobRepository,
  ToolChainRepository,
  ToolGraphRepository,
} from '@astra/persistence/graph-miner';
import { JobsModule } from '@astra/platform/jobs';
import { LlmClient } from '@astra/platform/llm';
import type { DataSourceOptions } from 'typeorm';
import { GetImportStatusUseCase } from './catalog-import/get-import-status.use-case';
import { ImportCatalogHandler } from './catalog-import/import-catalog.handler';
import { ImportCatalogUseCase } from './catalog-import/import-catalog.use-case';
import { ListImportEntriesUseCase } from './catalog-import/list-import-entries.use-case';
import { CatalogSourceReader } from './catalog-import/sources/catalog-source.reader';
import { FileSourceReader } from './catalog-import/sources/file-source.reader';
import { McpSourceReader } from './catalog-import/sources/mcp-source.reader';
import { CatalogQueryHandler } from './catalog-query/catalog-query.handler';
import { ListServersUseCase } from './catalog-query/list-servers.use-case';
import { ShowServerUseCase } from './catalog-query/show-server.use-case';
import { ChainJudges } from './chains/chain-judges';
import { ChainsHandler } from './chains/chains.handler';
import { ListChainsUseCase } from './chains/list-chains.use-case';
import { SampleChainsUseCase } from './chains/sample-chains.use-case';
import { VerifyChainsUseCase } from './chains/verify-chains.use-case';
import { BuildGraphUseCase } from './graph/build-graph.use-case';
import { GRAPH_LLM_CLIENT, GraphLlm } from './graph/graph-llm';
import { GraphHandler } from './graph/graph.handler';
import { ModelGraphBuilder } from './graph/model-graph.builder';
import { ShowGraphUseCase } from './graph/show-graph.use-case';
import { GetJobStatusUseCase } from './jobs/get-job-status.use-case';
import { GraphJobs } from './jobs/graph-jobs';
import { JobStatusHandler } from './jobs/job-status.handler';
import { GRAPH_MINER_CONFIG, type GraphMinerConfig, loadGraphMinerLlmConfig, loadGraphMinerMcpServers } from './graph-miner.config';

export interface GraphMinerModuleOptions {
  readonly config: GraphMinerConfig;
  /** TypeORM options (buildDataSourceOptions with the catalog entities and migrations). */
  readonly database: DataSourceOptions;
}

/** graph-miner: tool catalog import and queries, tool-call graphs, chain sampling and verification. */
@Module({})
export class GraphMinerModule {
  static forRoot(options: GraphMinerModuleOptions): DynamicModule {
    const { config } = options;
    const mcpServers = loadGraphMinerMcpServers(config);
    return {
      module: GraphMinerModule,
      imports: [BusModule.forService('graph-miner', config), DatabaseModule.forRoot(options.database), JobsModule],
      providers: [
        { provide: GRAPH_MINER_CONFIG, useValue: config },
        ...dataSourceProviders(CatalogVersionRepository, CatalogImportRepository),
        {
          provide: CatalogSourceReader,
          useFactory: (artifacts: ArtifactStore) =>
            new CatalogSourceReader(
              new FileSourceReader(artifacts),
              new McpSourceReader(config.MCP_TIMEOUT_MS, mcpServers),
              config.CATALOG_SOURCE_CONCURRENCY,
            ),
          inject: [ArtifactStore],
        },
        ImportCatalogUseCase,
        GetImportStatusUseCase,
        ListImportEntriesUseCase,
        ListServersUseCase,
        ShowServerUseCase,
        ImportCatalogHandler,
        CatalogQueryHandler,
        ...graphProviders(config),
      ],
    };
  }
}

/** Graphs and chains; the LLM client exists only when graph-miner has an LLM config. */
function graphProviders(config: GraphMinerConfig): Provider[] {
  const llmConfig = loadGraphMinerLlmConfig(config);
  return [
    ...dataSourceProviders(ToolGraphRepository, ToolChainRepository, GraphJobRepository),
    { provide: GRAPH_LLM_CLIENT, useFactory: () => (llmConfig ? new LlmClient(llmConfig) : null) },
    GraphLlm,
    GraphJobs,
    GetJobStatusUseCase,
    ModelGraphBuilder,
    ChainJudges,
    BuildGraphUseCase,
    ShowGraphUseCase,
    SampleChainsUseCase,
    VerifyChainsUseCase,
    ListChainsUseCase,
    GraphHandler,
    ChainsHandler,
    JobStatusHandler,
  ];
}
