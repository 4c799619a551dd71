import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { jobEnd, jobPhase, parseStepLine, stuckReason, updatesFrom } from './kubernetes-status';

const job = (conditions: { type: string; status: string; reason?: string; message?: string }[] = []): V1Job =>
  ({ status: { conditions } }) as V1Job;
const pod = (status: object, created = '2026-01-01T00:00:00Z'): V1Pod =>
  ({ metadata: { name: created, creationTimestamp: new Date(created) }, status }) as V1Pod;

describe('Job status', () => {
  it('maps conditions and pods to phases and ends', () => {
    expect(jobEnd(job([{ type: 'Complete', status: 'True' }]))).toEqual({ status: 'succeeded' });
    expect(jobEnd(job([{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }]))).toEqual({
      status: 'failed',
      reason: 'DeadlineExceeded',
    });
    expect(jobEnd(job([{ type: 'Failed', status: 'False' }]))).toBeUndefined();
    expect(jobPhase(job(), [pod({ phase: 'Pending' })])).toBe('pending');
    expect(jobPhase(job(), [pod({ phase: 'Running' })])).toBe('running');
  });

  it('names why the newest pod cannot start', () => {
    const unschedulable = pod(
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes have nvidia.com/gpu' }],
      },
      '2026-01-01T00:01:00Z',
    );
    expect(stuckReason([pod({ phase: 'Failed' }), unschedulable])).toBe('Unschedulable: 0/3 nodes have nvidia.com/gpu');
    expect(stuckReason([unschedulable, pod({ phase: 'Running' }, '2026-01-01T00:02:00Z')])).toBeUndefined();
    expect(
      stuckReason([pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] })]),
    ).toBeUndefined();
  });
});

describe('step lines', () => {
  it('reads astra_step lines with their numeric metrics only', () => {
    expect(parseStepLine('{"astra_step": 3, "loss": 1.5, "note": "x", "bad": null}')).toEqual({ step: 3, metrics: { loss: 1.5 } });
    expect(parseStepLine('{"astra_step": -1}')).toBeUndefined();
    expect(parseStepLine('{"astra_step": 1.5}')).toBeUndefined();
    expect(parseStepLine('{"astra_step": 2')).toBeUndefined();
    expect(parseStepLine('step:2 - loss:1')).toBeUndefined();
  });

  it('gives one update per step line, with the lines before it', () => {
    const updates = updatesFrom('running', ['a', '{"astra_step":1,"loss":2}', 'b', '{"astra_step":2}', 'c']);
    expect(updates.map((u) => [u.logLines, u.step?.step])).toEqual([
      [['a', '{"astra_step":1,"loss":2}'], 1],
      [['b', '{"astra_step":2}'], 2],
      [['c'], undefined],
    ]);
  });
});
