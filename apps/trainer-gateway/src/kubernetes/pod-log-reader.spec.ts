import type { V1Pod } from '@kubernetes/client-node';
import type { KubernetesApis } from './kubernetes-client';
import { PodLogReader } from './pod-log-reader';

function reader(logs: Map<string, string>): PodLogReader {
  const core = { readNamespacedPodLog: ({ name }: { name: string }) => Promise.resolve(logs.get(name) ?? '') };
  return new PodLogReader({ core } as unknown as KubernetesApis, 'ns');
}
const pod = (name: string, phase: string, created: string): V1Pod =>
  ({ metadata: { name, creationTimestamp: new Date(created) }, status: { phase } }) as V1Pod;

describe('PodLogReader', () => {
  it('reports each complete line once, holding a partial line until the pod ends', async () => {
    const logs = new Map([['a', 'one\ntw']]);
    const read = reader(logs);
    expect(await read.read([pod('a', 'Running', '2026-01-01T00:00:00Z')])).toEqual(['one']);
    logs.set('a', 'one\ntwo\nthr');
    expect(await read.read([pod('a', 'Running', '2026-01-01T00:00:00Z')])).toEqual(['two']);
    expect(await read.read([pod('a', 'Failed', '2026-01-01T00:00:00Z')])).toEqual(['thr']);
    expect(await read.read([pod('a', 'Failed', '2026-01-01T00:00:00Z')])).toEqual([]);
  });

  it('reads a retried Job pod by pod, oldest first, and skips pods that have not started', async () => {
    const logs = new Map([
      ['old', 'first try\n'],
      ['new', 'second try\n'],
      ['wait', 'never read\n'],
    ]);
    const pods = [
      pod('new', 'Running', '2026-01-01T00:05:00Z'),
      pod('wait', 'Pending', '2026-01-01T00:06:00Z'),
      pod('old', 'Failed', '2026-01-01T00:00:00Z'),
    ];
    expect(await reader(logs).read(pods)).toEqual(['first try', 'second try']);
  });
});
