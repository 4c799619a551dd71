import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ToolGraphEntity } from './entities/tool-graph.entity';

/** What identifies a graph: the server version it was built from, the strategy and a hash of its options. */
export interface GraphKey {
  readonly serverName: string;
  readonly serverVersionId: string;
  readonly serverVersion: number;
  readonly strategy: string;
  readonly optionsHash: string;
}

/** Storage of tool-call graphs; one row per GraphKey. */
export class ToolGraphRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(key: Pick<GraphKey, 'serverVersionId' | 'strategy' | 'optionsHash'>): Promise<ToolGraphEntity | null> {
    return this.dataSource
      .getRepository(ToolGraphEntity)
      .findOneBy({ serverVersionId: key.serverVersionId, strategy: key.strategy, optionsHash: key.optionsHash });
  }

  /**
   * Stores a graph unless one with the same key exists; returns the stored row and whether it was created here.
   * A concurrent build of the same key loses the unique index race and returns the winner's row.
   */
  async insertOnce(
    key: GraphKey,
    graph: { json: string; edgeCount: number; invalidAnswers: number; jobId: string },
    now: string,
  ): Promise<{ row: ToolGraphEntity; created: boolean }> {
    const existing = await this.find(key);
    if (existing) return { row: existing, created: false };
    const row = this.dataSource.getRepository(ToolGraphEntity).create({
      id: randomUUID(),
      ...key,
      edgeCount: graph.edgeCount,
      graph: graph.json,
      invalidAnswers: graph.invalidAnswers,
      createdAt: now,
      jobId: graph.jobId,
    });
    try {
      await this.dataSource.getRepository(ToolGraphEntity).insert(row);
      return { row, created: true };
    } catch (error) {
      const winner = await this.find(key);
      if (winner) return { row: winner, created: false };
      throw error;
    }
  }

  /** The newest graph of the server's newest version that has one, optionally of one strategy. */
  latest(serverName: string, strategy?: string): Promise<ToolGraphEntity | null> {
    return this.dataSource.getRepository(ToolGraphEntity).findOne({
      where: strategy === undefined ? { serverName } : { serverName, strategy },
      order: { serverVersion: 'DESC', createdAt: 'DESC', id: 'ASC' },
    });
  }

  /** One stored graph by its id (rows never change), or null. */
  byId(id: string): Promise<ToolGraphEntity | null> {
    return this.dataSource.getRepository(ToolGraphEntity).findOneBy({ id });
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(ToolGraphEntity).count();
  }
}
