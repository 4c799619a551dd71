import { ID_MAX_LENGTH, JobIdSchema } from '@astra/contracts';
import { FakeBus } from '../../test/support/gateway-harness';
import type { RunControl } from '../training/run-control';
import { loadTrainerGatewayConfig } from '../trainer-gateway.config';
import { batchJobId, RolloutClient } from './rollout-client';

const control = { check: async () => undefined } as unknown as RunControl;
const request = { jobId: 'b-1', environments: { ids: ['a'.repeat(64)] }, policy: { kind: 'oracle' as const }, batchSize: 1 };

function client(statuses: Array<Record<string, unknown>>, env: Record<string, string> = {}) {
  const bus = new FakeBus();
  let polls = 0;
  bus.responders.set('rollout-broker.job.status', () => statuses[Math.min(polls++, statuses.length - 1)]);
  return { bus, rollouts: new RolloutClient(bus as never, loadTrainerGatewayConfig(env)), polls: () => polls };
}

describe('RolloutClient', () => {
  it('publishes the batch under its message id and polls its status until it completes', async () => {
    const batch = { policyVersion: 'v' };
    const { bus, rollouts, polls } = client([{ status: 'pending' }, { status: 'running' }, { status: 'completed', batch }]);
    await expect(rollouts.run(request, control)).resolves.toEqual(batch);
    expect(polls()).toBe(3);
    expect(bus.published.map((m) => [m.key, m.id])).toEqual([['rollout-broker.batch.requested', 'rollout-batch-b-1']]);
  });

  it('fails for good with the broker reason when the batch failed, and with TIMEOUT past the rollout timeout', async () => {
    const failed = client([{ status: 'failed', error: { code: 'VALIDATION_FAILED', message: 'unknown environments: x' } }]);
    await expect(failed.rollouts.run(request, control)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
      message: 'rollout batch b-1 failed (VALIDATION_FAILED: unknown environments: x)',
    });
    const stuck = client([{ status: 'running' }], { TRAINER_ROLLOUT_TIMEOUT_MS: '1000' });
    await expect(stuck.rollouts.run(request, control)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('derives batch ids from the job and the step, within the id limit', () => {
    expect(batchJobId('job', 'step-3')).toBe('job.rollouts.step-3');
    const long = 'j'.repeat(ID_MAX_LENGTH);
    const id = batchJobId(long, 'step-3');
    expect(id.length).toBeLessThanOrEqual(ID_MAX_LENGTH);
    expect(JobIdSchema.safeParse(id).success).toBe(true);
    expect(id).not.toBe(batchJobId(long, 'step-4'));
    expect(id).toBe(batchJobId(long, 'step-3'));
  });
});
