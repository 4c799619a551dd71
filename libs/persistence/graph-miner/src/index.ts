import { CatalogImportItemEntity } from './entities/catalog-import-item.entity';
import { CatalogImportRunEntity } from './entities/catalog-import-run.entity';
import { CatalogRejectionEntity } from './entities/catalog-rejection.entity';
import { CatalogServerToolEntity } from './entities/catalog-server-tool.entity';
import { CatalogServerVersionEntity } from './entities/catalog-server-version.entity';
import { CatalogToolVersionEntity } from './entities/catalog-tool-version.entity';
import { CatalogInit1764000000000 } from './migrations/1764000000000-catalog-init.migration';
import { ChainVerdictEntity } from './entities/chain-verdict.entity';
import { ToolChainEntity } from './entities/tool-chain.entity';
import { ToolGraphEntity } from './entities/tool-graph.entity';
import { ToolGraphs1765000000000 } from './migrations/1765000000000-tool-graphs.migration';
import { GraphJobEntity } from './entities/graph-job.entity';
import { GraphJobs1766000000000 } from './migrations/1766000000000-graph-jobs.migration';
import { GraphBuiltByJob1767000000000 } from './migrations/1767000000000-graph-built-by-job.migration';
import { ImportRunError1768200000000 } from './migrations/1768200000000-import-run-error.migration';

export * from './entities/catalog-import-item.entity';
export * from './entities/catalog-import-run.entity';
export * from './entities/catalog-rejection.entity';
export * from './entities/catalog-server-tool.entity';
export * from './entities/catalog-server-version.entity';
export * from './entities/catalog-tool-version.entity';
export * from './migrations/1764000000000-catalog-init.migration';
export * from './catalog-version.repository';
export * from './catalog-import.repository';
export * from './entities/tool-graph.entity';
export * from './entities/tool-chain.entity';
export * from './entities/chain-verdict.entity';
export * from './migrations/1765000000000-tool-graphs.migration';
export * from './tool-graph.repository';
export * from './tool-chain.repository';
export * from './entities/graph-job.entity';
export * from './migrations/1766000000000-graph-jobs.migration';
export * from './migrations/1767000000000-graph-built-by-job.migration';
export * from './migrations/1768200000000-import-run-error.migration';
export * from './graph-job.repository';

/** Entities of graph-miner's tables: catalog, graphs and chains (the inbox entity comes from @astra/platform/database). */
export const CATALOG_ENTITIES = [
  CatalogServerVersionEntity,
  CatalogToolVersionEntity,
  CatalogServerToolEntity,
  CatalogImportRunEntity,
  CatalogImportItemEntity,
  CatalogRejectionEntity,
  ToolGraphEntity,
  ToolChainEntity,
  ChainVerdictEntity,
  GraphJobEntity,
];

/** Migrations of graph-miner's tables, in order. */
export const CATALOG_MIGRATIONS = [
  CatalogInit1764000000000,
  ToolGraphs1765000000000,
  GraphJobs1766000000000,
  GraphBuiltByJob1767000000000,
  ImportRunError1768200000000,
];
