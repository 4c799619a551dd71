import type { V1Pod } from '@kubernetes/client-node';
import type { KubernetesApis } from './kubernetes-client';
import { statusOf, toKubernetesError } from './kubernetes-errors';
import { byAge, hasLog } from './kubernetes-status';

/** The trainer's container name in the Job's pod. */
export const TRAINER_CONTAINER = 'trainer';

/**
 * New log lines of a Job's pods since the last read. The client (1.4) has no sinceTime, so each read takes a pod's
 * whole log and skips the lines counted before; a line still being written (no newline yet) waits for the next read.
 */
export class PodLogReader {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly apis: KubernetesApis,
    private readonly namespace: string,
  ) {}

  async read(pods: readonly V1Pod[]): Promise<string[]> {
    const lines: string[] = [];
    for (const pod of byAge(pods)) {
      const name = pod.metadata?.name;
      if (name === undefined || !hasLog(pod)) continue;
      const log = await this.logOf(name);
      if (log === undefined) continue;
      const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      const all = log.split('\n');
      const complete = log.endsWith('\n') ? all.slice(0, -1) : finished ? all : all.slice(0, -1);
      const from = this.seen.get(name) ?? 0;
      lines.push(...complete.slice(from));
      this.seen.set(name, Math.max(from, complete.length));
    }
    return lines;
  }

  private async logOf(name: string): Promise<string | undefined> {
    try {
      return await this.apis.core.readNamespacedPodLog({ name, namespace: this.namespace, container: TRAINER_CONTAINER });
    } catch (error) {
      // 400: the container is not started yet; 404: the pod went away between listing and reading.
      const status = statusOf(error);
      if (status === 400 || status === 404) return undefined;
      throw toKubernetesError(error, { verb: 'get', resource: 'pods/log', namespace: this.namespace });
    }
  }
}
