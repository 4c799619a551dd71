import { renderTrainerGatewayReport } from './training-render';
import { step } from './training-records.fixture';

describe('astra trainer-gateway status', () => {
  it('says where a queued job stands', () => {
    const report = { jobId: 'j1', status: 'pending' as const, progress: { done: 0, total: 0 }, attempts: 0 };
    expect(renderTrainerGatewayReport(report)).toBe('job j1 (not started): pending, 0/0');
  });

  it("shows a running job's step and newest figure, and a finished one's checkpoint", () => {
    const training = {
      id: 'j2',
      kind: 'grpo' as const,
      backend: 'local' as const,
      status: 'running' as const,
      step: 3,
      totalSteps: 20,
      createdAt: 't',
    };
    const running = { jobId: 'j2', kind: 'grpo' as const, status: 'running' as const, progress: { done: 3, total: 20 }, attempts: 1 };
    expect(renderTrainerGatewayReport({ ...running, training: { ...training, last: step(3, { rewardMean: 0.25 }) } })).toBe(
      'job j2 (grpo): running, step 3/20, reward 0.250',
    );
    const done = {
      ...running,
      status: 'completed' as const,
      training: { ...training, status: 'completed' as const, step: 20 },
      checkpointId: 'c1',
    };
    expect(renderTrainerGatewayReport(done)).toBe('job j2 (grpo): completed, step 20/20, checkpoint c1');
  });
});
