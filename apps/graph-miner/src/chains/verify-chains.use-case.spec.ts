import { BusError } from '@astra/contracts';
import { InMemoryBus } from '@astra/platform/bus';
import type { LlmClient } from '@astra/platform/llm';
import type { Verdict } from '@astra/domain/tool-graph';
import type { ChainVerdictEntity, ToolChainEntity, ToolChainRepository } from '@astra/persistence/graph-miner';
import { catalogServer, FakeCatalog, jobRunner } from '../../test/support/fakes';
import { GraphLlm } from '../graph/graph-llm';
import { ChainJudges } from './chain-judges';
import { ChainsHandler } from './chains.handler';
import { VerifyChainsUseCase } from './verify-chains.use-case';

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties) });
const NOTES = catalogServer('notes', [
  { name: 'create_folder', parameters: obj({ name: { type: 'string' } }), outputSchema: obj({ folderId: { type: 'string' } }) },
  {
    name: 'create_note',
    parameters: obj({ folder_id: { type: 'string' }, text: { type: 'string' } }),
    outputSchema: obj({ noteId: { type: 'string' } }),
  },
  { name: 'delete_note', parameters: obj({ note_id: { type: 'string' } }) },
]);

/** Chains and verdicts in memory, with the ToolChainRepository methods the use case calls. */
class FakeChains {
  readonly verdicts: Pick<ChainVerdictEntity, 'chainId' | 'operator' | 'status' | 'reasons'>[] = [];
  constructor(readonly chains: ToolChainEntity[]) {}
  async unverified(_servers: unknown, operator: string) {
    return this.chains.filter((c) => !this.verdicts.some((v) => v.chainId === c.id && v.operator === operator));
  }
  async saveVerdict(chainId: string, operator: string, verdict: Verdict) {
    if (this.verdicts.some((v) => v.chainId === chainId && v.operator === operator)) return false;
    this.verdicts.push({ chainId, operator, status: verdict.status, reasons: verdict.reasons });
    return true;
  }
  async statusCounts(_servers: unknown, operator: string) {
    const counts = { accepted: 0, rejected: 0, unknown: 0 };
    for (const v of this.verdicts.filter((x) => x.operator === operator)) counts[v.status] += 1;
    return { total: this.chains.length, counts };
  }
}

const chain = (id: string, tools: string[]) =>
  ({ id, serverName: 'notes', serverVersionId: NOTES.server.id, serverVersion: 1, tools }) as ToolChainEntity;

function setup(client: LlmClient | null = null) {
  const chains = new FakeChains([
    chain('c1', ['create_folder', 'create_note', 'delete_note']),
    chain('c2', ['delete_note', 'create_folder']),
    chain('c3', ['create_folder', 'delete_note']),
  ]);
  const { runner, jobs } = jobRunner();
  const useCase = new VerifyChainsUseCase(
    new FakeCatalog([NOTES]).asRepository(),
    chains as unknown as ToolChainRepository,
    new ChainJudges(new GraphLlm(client)),
    runner,
  );
  return { useCase, chains, jobs };
}

const first = { deliveryCount: 1, lastDelivery: false };

describe('VerifyChainsUseCase', () => {
  it('records a provenance verdict per chain with progress per chain, and verifies nothing twice', async () => {
    const { useCase, chains, jobs } = setup();
    const report = await useCase.execute({ jobId: 'v1', operator: 'provenance', samples: 3 }, first);
    expect(report).toMatchObject({
      status: 'completed',
      progress: { done: 3, total: 3 },
      verification: { operator: 'provenance', verified: 3, total: 3 },
    });
    expect(chains.verdicts.map((v) => [v.chainId, v.status])).toEqual([
      ['c1', 'accepted'],
      ['c2', 'rejected'],
      ['c3', 'rejected'],
    ]);
    expect(chains.verdicts[1]?.reasons[0]).toMatchObject({ step: expect.any(Number), tool: expect.any(String) });
    expect(jobs.progress).toEqual([
      { done: 0, total: 3 },
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    const again = await useCase.execute({ jobId: 'v2', operator: 'provenance', samples: 3 }, first);
    expect(again.verification).toEqual({ operator: 'provenance', verified: 0, total: 3, counts: { accepted: 1, rejected: 2, unknown: 0 } });
  });

  it('refuses the model operators without an LLM config before touching a chain', async () => {
    const { useCase, chains } = setup();
    const report = await useCase.execute({ jobId: 'v3', operator: 'vote', samples: 3 }, first);
    expect(report).toMatchObject({
      status: 'failed',
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('ASTRA_LLM_CONFIG') },
    });
    expect(chains.verdicts).toEqual([]);
  });

  it("judges as many chains at once as the judge role's endpoints take, never more, with progress that only grows", async () => {
    let inFlight = 0;
    let most = 0;
    const structured = jest.fn(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise(setImmediate);
      inFlight -= 1;
      return { value: { valid: true }, attempts: 1 };
    });
    const endpoints = [{ maxConcurrency: 1 }, { maxConcurrency: 1 }];
    const { useCase, chains, jobs } = setup({
      config: { roles: { chain_judge: { model: 'j', endpoints } } },
      structured,
    } as unknown as LlmClient);
    const report = await useCase.execute({ jobId: 'v5', operator: 'vote', samples: 1 }, first);
    expect(report).toMatchObject({ status: 'completed', verification: { verified: 3, counts: { accepted: 3, rejected: 0, unknown: 0 } } });
    expect(structured).toHaveBeenCalledTimes(3);
    expect(most).toBe(2);
    expect(chains.verdicts.map((v) => v.chainId).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(jobs.progress).toEqual([
      { done: 0, total: 3 },
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
  });

  it('through the bus: a retryable fault is redelivered until the last delivery, then recorded as failed, not dead-lettered', async () => {
    const { useCase, jobs, chains } = setup();
    jest.spyOn(chains, 'saveVerdict').mockRejectedValue(new BusError('UNAVAILABLE', 'database went away'));
    const handler = new ChainsHandler({} as never, useCase, {} as never);
    const bus = new InMemoryBus({ service: 'graph-miner' });
    bus.register('chains.verify.requested', (payload, ctx) => handler.onVerifyRequested(payload, ctx));
    await bus.publish('chains.verify.requested', { jobId: 'v4', operator: 'provenance' });
    await bus.idle();
    const actions = bus.deliveries.filter((d) => d.key === 'chains.verify.requested').map((d) => d.action);
    expect(actions).toEqual(['nak', 'nak', 'nak', 'nak', 'ack']);
    expect(bus.deadLetters).toEqual([]);
    expect((await jobs.find('v4'))?.record).toMatchObject({
      status: 'failed',
      attempts: 5,
      error: { code: 'UNAVAILABLE', message: 'database went away' },
    });
  });
});
