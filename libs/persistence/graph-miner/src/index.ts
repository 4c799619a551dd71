import { CatalogImportItemEntity } from './entities/catalog-import-item.entity';
import { CatalogImportRunEntity } from './entities/catalog-import-run.entity';
import { CatalogRejectionEntity } from './entities/catalog-rejection.entity';
import { CatalogServerToolEntity } from './entities/catalog-server-tool.entity';
import { CatalogServerVersionEntity } from './entities/catalog-server-version.entity';
import { CatalogToolVersionEntity } from './entities/catalog-tool-version.entity';
import { CatalogInit1764000000000 } from './migrations/1764000000000-catalog-init.migration';

export * from './entities/catalog-import-item.entity';
export * from './entities/catalog-import-run.entity';
export * from './entities/catalog-rejection.entity';
export * from './entities/catalog-server-tool.entity';
export * from './entities/catalog-server-version.entity';
export * from './entities/catalog-tool-version.entity';
export * from './migrations/1764000000000-catalog-init.migration';
export * from './catalog-version.repository';
export * from './catalog-import.repository';

/** Entities of the catalog tables (the inbox entity comes from @astra/platform/database). */
export const CATALOG_ENTITIES = [
  CatalogServerVersionEntity,
  CatalogToolVersionEntity,
  CatalogServerToolEntity,
  CatalogImportRunEntity,
  CatalogImportItemEntity,
  CatalogRejectionEntity,
];

/** Migrations of the catalog tables, in order. */
export const CATALOG_MIGRATIONS = [CatalogInit1764000000000];
