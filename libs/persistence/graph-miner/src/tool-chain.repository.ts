import { createHash, randomUUID } from 'node:crypto';
import { runInTransaction } from '@astra/platform/database';
import { type DataSource, In } from 'typeorm';
import { ChainVerdictEntity } from './entities/chain-verdict.entity';
import { ToolChainEntity } from './entities/tool-chain.entity';
import type { ToolGraphEntity } from './entities/tool-graph.entity';

export type ChainStatus = ChainVerdictEntity['status'];

/** A chain with every verdict recorded for it. */
export interface ChainWithVerdicts {
  readonly chain: ToolChainEntity;
  readonly verdicts: ChainVerdictEntity[];
}

/** Where a chain sorts in a listing: the key to page on. */
export type ChainPosition = Pick<ToolChainEntity, 'serverName' | 'createdAt' | 'id'>;

/** The dedup key of a chain: its tool names in order. */
export function sequenceHash(tools: readonly string[]): string {
  return createHash('sha256').update(tools.join('\u0000')).digest('hex');
}

/** Storage of sampled chains and their verdicts. */
export class ToolChainRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the chains not yet stored for the graph's server version; returns how many were new. */
  async addChains(graph: ToolGraphEntity, seed: number, chains: readonly (readonly string[])[], now: string): Promise<number> {
    return runInTransaction(this.dataSource, async (manager) => {
      const byHash = new Map(chains.map((tools) => [sequenceHash(tools), tools]));
      const existing = new Set<string>();
      const hashes = [...byHash.keys()];
      for (let i = 0; i < hashes.length; i += 500) {
        const found = await manager.find(ToolChainEntity, {
          select: { sequenceHash: true },
          where: { serverVersionId: graph.serverVersionId, sequenceHash: In(hashes.slice(i, i + 500)) },
        });
        for (const row of found) existing.add(row.sequenceHash);
      }
      const rows = [...byHash]
        .filter(([hash]) => !existing.has(hash))
        .map(([hash, tools]) =>
          manager.create(ToolChainEntity, {
            id: randomUUID(),
            serverName: graph.serverName,
            serverVersionId: graph.serverVersionId,
            serverVersion: graph.serverVersion,
            graphId: graph.id,
            sequenceHash: hash,
            tools: [...tools],
            length: tools.length,
            seed,
            createdAt: now,
          }),
        );
      for (let i = 0; i < rows.length; i += 200) await manager.insert(ToolChainEntity, rows.slice(i, i + 200));
      return rows.length;
    });
  }

  /** Chains of the named servers (all when none are named) with no verdict of the operator yet, oldest first. */
  async unverified(servers: readonly string[] | undefined, operator: string): Promise<ToolChainEntity[]> {
    const query = this.dataSource
      .getRepository(ToolChainEntity)
      .createQueryBuilder('c')
      .leftJoin(ChainVerdictEntity, 'v', 'v.chain_id = c.id AND v.operator = :operator', { operator })
      .where('v.id IS NULL')
      .orderBy('c.server_name', 'ASC')
      .addOrderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC');
    if (servers && servers.length > 0) query.andWhere('c.server_name IN (:...servers)', { servers: [...servers] });
    return query.getMany();
  }

  /** Records a verdict; a verdict already stored for (chain, operator) is kept. Returns whether this one was stored. */
  async saveVerdict(
    chainId: string,
    operator: string,
    verdict: Pick<ChainVerdictEntity, 'status' | 'reasons'>,
    now: string,
  ): Promise<boolean> {
    const repo = this.dataSource.getRepository(ChainVerdictEntity);
    if (await repo.findOneBy({ chainId, operator })) return false;
    try {
      await repo.insert({ id: randomUUID(), chainId, operator, status: verdict.status, reasons: verdict.reasons, createdAt: now });
      return true;
    } catch (error) {
      if (await repo.findOneBy({ chainId, operator })) return false;
      throw error;
    }
  }

  /** Chains in scope and their verdict counts for one operator. */
  async statusCounts(
    servers: readonly string[] | undefined,
    operator: string,
  ): Promise<{ total: number; counts: Record<ChainStatus, number> }> {
    const chains = this.dataSource.getRepository(ToolChainEntity).createQueryBuilder('c');
    const verdicts = this.dataSource
      .getRepository(ChainVerdictEntity)
      .createQueryBuilder('v')
      .innerJoin(ToolChainEntity, 'c', 'c.id = v.chain_id')
      .select('v.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('v.operator = :operator', { operator })
      .groupBy('v.status');
    if (servers && servers.length > 0) {
      chains.where('c.server_name IN (:...servers)', { servers: [...servers] });
      verdicts.andWhere('c.server_name IN (:...servers)', { servers: [...servers] });
    }
    const counts: Record<ChainStatus, number> = { accepted: 0, rejected: 0, unknown: 0 };
    for (const row of await verdicts.getRawMany<{ status: ChainStatus; n: string | number }>()) counts[row.status] = Number(row.n);
    return { total: await chains.getCount(), counts };
  }

  /**
   * Chains with their verdicts, by server then creation; `status` keeps chains with a verdict of that status; `after`
   * starts after that chain (the last of the previous page).
   */
  async list(filter: { server?: string; status?: ChainStatus; limit: number; after?: ChainPosition }): Promise<ChainWithVerdicts[]> {
    const query = this.dataSource.getRepository(ToolChainEntity).createQueryBuilder('c');
    if (filter.server) query.andWhere('c.server_name = :server', { server: filter.server });
    if (filter.after) {
      const { serverName, createdAt, id } = filter.after;
      query.andWhere(
        '(c.server_name > :serverName OR (c.server_name = :serverName AND (c.created_at > :createdAt OR (c.created_at = :createdAt AND c.id > :id))))',
        { serverName, createdAt, id },
      );
    }
    if (filter.status) {
      query.andWhere(
        (qb) =>
          `EXISTS ${qb.subQuery().select('1').from(ChainVerdictEntity, 's').where('s.chain_id = c.id').andWhere('s.status = :status').getQuery()}`,
        { status: filter.status },
      );
    }
    const chains = await query
      .orderBy('c.server_name', 'ASC')
      .addOrderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(filter.limit)
      .getMany();
    const verdicts = new Map<string, ChainVerdictEntity[]>();
    const ids = chains.map((c) => c.id);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.dataSource
        .getRepository(ChainVerdictEntity)
        .find({ where: { chainId: In(ids.slice(i, i + 500)) }, order: { operator: 'ASC' } });
      for (const v of rows) verdicts.set(v.chainId, [...(verdicts.get(v.chainId) ?? []), v]);
    }
    return chains.map((chain) => ({ chain, verdicts: verdicts.get(chain.id) ?? [] }));
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(ToolChainEntity).count();
  }
}
