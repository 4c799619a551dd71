import { type DynamicModule, Module } from '@nestjs/common';
import { ArtifactStore, BusModule } from '@astra/platform/bus';
import { DatabaseModule } from '@astra/platform/database';
import { CatalogImportRepository, CatalogVersionRepository } from '@astra/persistence/graph-miner';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { GetImportStatusUseCase } from './catalog-import/get-import-status.use-case';
import { ImportCancellation } from './catalog-import/import-cancellation';
import { ImportCatalogHandler } from './catalog-import/import-catalog.handler';
import { ImportCatalogUseCase } from './catalog-import/import-catalog.use-case';
import { CatalogSourceReader } from './catalog-import/sources/catalog-source.reader';
import { FileSourceReader } from './catalog-import/sources/file-source.reader';
import { McpSourceReader } from './catalog-import/sources/mcp-source.reader';
import { CatalogQueryHandler } from './catalog-query/catalog-query.handler';
import { ListServersUseCase } from './catalog-query/list-servers.use-case';
import { ShowServerUseCase } from './catalog-query/show-server.use-case';
import { GRAPH_MINER_CONFIG, type GraphMinerConfig } from './graph-miner.config';

export interface GraphMinerModuleOptions {
  readonly config: GraphMinerConfig;
  /** TypeORM options (buildDataSourceOptions with the catalog entities and migrations). */
  readonly database: DataSourceOptions;
}

/** graph-miner: tool catalog import and queries. */
@Module({})
export class GraphMinerModule {
  static forRoot(options: GraphMinerModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: GraphMinerModule,
      imports: [
        BusModule.forRoot({ service: 'graph-miner', servers: config.NATS_URL, namespace: config.ASTRA_NAMESPACE }),
        DatabaseModule.forRoot(options.database),
      ],
      providers: [
        { provide: GRAPH_MINER_CONFIG, useValue: config },
        { provide: CatalogVersionRepository, useFactory: (ds: DataSource) => new CatalogVersionRepository(ds), inject: [DataSource] },
        { provide: CatalogImportRepository, useFactory: (ds: DataSource) => new CatalogImportRepository(ds), inject: [DataSource] },
        {
          provide: CatalogSourceReader,
          useFactory: (artifacts: ArtifactStore) =>
            new CatalogSourceReader(new FileSourceReader(artifacts), new McpSourceReader(config.MCP_TIMEOUT_MS), config.CATALOG_SOURCE_CONCURRENCY),
          inject: [ArtifactStore],
        },
        ImportCancellation,
        ImportCatalogUseCase,
        GetImportStatusUseCase,
        ListServersUseCase,
        ShowServerUseCase,
        ImportCatalogHandler,
        CatalogQueryHandler,
      ],
    };
  }
}
