import { randomUUID } from 'node:crypto';
import type { CatalogServer, CatalogTool } from '@astra/domain/catalog';
import { runInTransaction } from '@astra/platform/database';
import type { DataSource, EntityManager } from 'typeorm';
import { CatalogImportItemEntity } from './entities/catalog-import-item.entity';
import { CatalogServerToolEntity } from './entities/catalog-server-tool.entity';
import { CatalogServerVersionEntity } from './entities/catalog-server-version.entity';
import { CatalogToolVersionEntity } from './entities/catalog-tool-version.entity';
import { assertStorableServer } from './storable-values';

/** What storing one server did. */
export interface StoredServer {
  readonly outcome: 'new' | 'changed' | 'unchanged';
  readonly serverVersion: number;
  readonly toolsImported: number;
  readonly toolsNewVersions: number;
  readonly toolsUnchanged: number;
}

export interface ServerWithTools {
  readonly server: CatalogServerVersionEntity;
  readonly tools: CatalogToolVersionEntity[];
}

function itemToStored(item: CatalogImportItemEntity): StoredServer {
  return {
    outcome: item.outcome,
    serverVersion: item.serverVersion,
    toolsImported: item.toolsImported,
    toolsNewVersions: item.toolsNewVersions,
    toolsUnchanged: item.toolsUnchanged,
  };
}

/** Versioned storage of catalog servers and tools, keyed by content hash. */
export class CatalogVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores one server for one import in one transaction. Idempotent per (importId, server): a second call returns
   * what the first did. Same content hash as the latest version: nothing is written but the import item. A value
   * that a column cannot hold (a name over 200 characters, a NUL) is refused before any write with a final
   * VALIDATION_FAILED, on SQLite as on PostgreSQL.
   */
  async storeServer(importId: string, server: CatalogServer, now: string): Promise<StoredServer> {
    assertStorableServer(importId, server);
    return runInTransaction(this.dataSource, async (manager) => {
      const done = await manager.findOneBy(CatalogImportItemEntity, { importId, serverName: server.name });
      if (done) return itemToStored(done);
      const latest = await this.latestServer(manager, server.name);
      const stored =
        latest?.contentHash === server.contentHash
          ? {
              outcome: 'unchanged' as const,
              serverVersion: latest.version,
              toolsImported: 0,
              toolsNewVersions: 0,
              toolsUnchanged: server.tools.length,
            }
          : await this.insertServerVersion(manager, importId, server, (latest?.version ?? 0) + 1, now);
      await manager.insert(CatalogImportItemEntity, {
        importId,
        serverName: server.name,
        contentHash: server.contentHash,
        ...stored,
        createdAt: now,
      });
      return stored;
    });
  }

  private async insertServerVersion(
    manager: EntityManager,
    importId: string,
    server: CatalogServer,
    version: number,
    now: string,
  ): Promise<StoredServer> {
    const counts = { toolsImported: 0, toolsNewVersions: 0, toolsUnchanged: 0 };
    const serverVersionId = randomUUID();
    await manager.save(
      manager.create(CatalogServerVersionEntity, {
        id: serverVersionId,
        name: server.name,
        version,
        origin: server.origin,
        description: server.description,
        contentHash: server.contentHash,
        toolCount: server.tools.length,
        metadata: server.metadata,
        importId,
        createdAt: now,
      }),
    );
    for (const tool of server.tools) {
      const { toolVersionId, change } = await this.storeTool(manager, importId, server.name, tool, now);
      counts[change === 'new' ? 'toolsImported' : change === 'changed' ? 'toolsNewVersions' : 'toolsUnchanged'] += 1;
      await manager.insert(CatalogServerToolEntity, { serverVersionId, toolVersionId });
    }
    return { outcome: version === 1 ? 'new' : 'changed', serverVersion: version, ...counts };
  }

  private async storeTool(manager: EntityManager, importId: string, serverName: string, tool: CatalogTool, now: string) {
    const latest = await manager.findOne(CatalogToolVersionEntity, {
      where: { serverName, name: tool.name },
      order: { version: 'DESC' },
    });
    if (latest?.contentHash === tool.contentHash) return { toolVersionId: latest.id, change: 'unchanged' as const };
    const toolVersionId = randomUUID();
    await manager.save(
      manager.create(CatalogToolVersionEntity, {
        id: toolVersionId,
        serverName,
        name: tool.name,
        version: (latest?.version ?? 0) + 1,
        description: tool.description,
        parameters: tool.parameters,
        outputSchema: tool.outputSchema,
        contentHash: tool.contentHash,
        importId,
        createdAt: now,
      }),
    );
    return { toolVersionId, change: latest ? ('changed' as const) : ('new' as const) };
  }

  private latestServer(manager: EntityManager, name: string): Promise<CatalogServerVersionEntity | null> {
    return manager.findOne(CatalogServerVersionEntity, { where: { name }, order: { version: 'DESC' } });
  }

  /**
   * The latest version of every server, by name; optionally only names containing `nameContains`, and one page:
   * at most `page.take` servers whose names sort after `page.after`.
   */
  async listLatestServers(nameContains?: string, page?: { after?: string; take: number }): Promise<CatalogServerVersionEntity[]> {
    const query = this.dataSource
      .getRepository(CatalogServerVersionEntity)
      .createQueryBuilder('s')
      .where((qb) => {
        const sub = qb.subQuery().select('MAX(l.version)').from(CatalogServerVersionEntity, 'l').where('l.name = s.name').getQuery();
        return `s.version = ${sub}`;
      })
      .orderBy('s.name', 'ASC');
    if (nameContains) {
      // The filter is text, not a pattern: % and _ match themselves. (SQLite's LOWER folds ASCII letters only.)
      const literal = nameContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      query.andWhere(`LOWER(s.name) LIKE :pattern ESCAPE '\\'`, { pattern: `%${literal}%` });
    }
    if (page?.after !== undefined) query.andWhere('s.name > :after', { after: page.after });
    if (page) query.limit(page.take);
    return query.getMany();
  }

  /** One server version (the latest unless `version` is given) with its tools sorted by name, or null. */
  async findServer(name: string, version?: number): Promise<ServerWithTools | null> {
    const server = await this.findServerVersion(name, version);
    if (!server) return null;
    return { server, tools: await this.toolsOf(server.id) };
  }

  /** One server version (the latest unless `version` is given) without its tools, or null. */
  findServerVersion(name: string, version?: number): Promise<CatalogServerVersionEntity | null> {
    const repo = this.dataSource.getRepository(CatalogServerVersionEntity);
    return version === undefined ? repo.findOne({ where: { name }, order: { version: 'DESC' } }) : repo.findOneBy({ name, version });
  }

  /** The tools of a server version by name; with `page`, at most `page.take` whose names sort after `page.after`. */
  toolsOf(serverVersionId: string, page?: { after?: string; take: number }): Promise<CatalogToolVersionEntity[]> {
    const query = this.dataSource
      .getRepository(CatalogToolVersionEntity)
      .createQueryBuilder('t')
      .innerJoin(CatalogServerToolEntity, 'st', 'st.tool_version_id = t.id')
      .where('st.server_version_id = :id', { id: serverVersionId })
      .orderBy('t.name', 'ASC');
    if (page?.after !== undefined) query.andWhere('t.name > :after', { after: page.after });
    if (page) query.limit(page.take);
    return query.getMany();
  }

  /** Row counts of the catalog tables; tests use them to prove that nothing was duplicated. */
  async counts(): Promise<{ servers: number; tools: number; links: number }> {
    const [servers, tools, links] = await Promise.all([
      this.dataSource.getRepository(CatalogServerVersionEntity).count(),
      this.dataSource.getRepository(CatalogToolVersionEntity).count(),
      this.dataSource.getRepository(CatalogServerToolEntity).count(),
    ]);
    return { servers, tools, links };
  }
}
