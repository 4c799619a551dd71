import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { KubernetesUpdate } from '../backends/kubernetes-backend.port';

// Reading a Job and its pods (pure): the phase, the end, why a pod cannot start, and the trainers' step lines.

export type JobPhase = KubernetesUpdate['phase'];

/** The end of a Job from its conditions, or undefined while it runs. */
export function jobEnd(job: V1Job): { status: 'succeeded' } | { status: 'failed'; reason: string } | undefined {
  const conditions = job.status?.conditions ?? [];
  if (conditions.some((c) => c.type === 'Complete' && c.status === 'True')) return { status: 'succeeded' };
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed === undefined) return undefined;
  const reason = [failed.reason, failed.message].filter((part) => part !== undefined && part !== '').join(': ');
  return { status: 'failed', reason: reason === '' ? 'the Job failed' : reason };
}

/** The phase: the end if there is one, running while a pod runs, else pending. */
export function jobPhase(job: V1Job, pods: readonly V1Pod[]): JobPhase {
  const end = jobEnd(job);
  if (end !== undefined) return end.status;
  return pods.some((pod) => pod.status?.phase === 'Running') ? 'running' : 'pending';
}

const STUCK_WAITING = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/** Why the newest pod cannot start (image pull, scheduling), or undefined when it can or already did. */
export function stuckReason(pods: readonly V1Pod[]): string | undefined {
  const pod = newest(pods);
  if (pod === undefined || pod.status?.phase !== 'Pending') return undefined;
  const unschedulable = (pod.status.conditions ?? []).find(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
  if (unschedulable !== undefined) return `Unschedulable: ${unschedulable.message ?? 'no node fits the pod'}`;
  for (const container of pod.status.containerStatuses ?? []) {
    const waiting = container.state?.waiting;
    if (waiting?.reason !== undefined && STUCK_WAITING.has(waiting.reason))
      return `${waiting.reason}: ${waiting.message ?? container.image}`;
  }
  return undefined;
}

/** Pods oldest first (a Job with retries has several; their logs are read in that order). */
export function byAge(pods: readonly V1Pod[]): V1Pod[] {
  return [...pods].sort((a, b) => time(a) - time(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

function newest(pods: readonly V1Pod[]): V1Pod | undefined {
  return byAge(pods).at(-1);
}

function time(pod: V1Pod): number {
  const created = pod.metadata?.creationTimestamp;
  return created === undefined ? 0 : new Date(created).getTime();
}

/** Whether a pod's container can have a log (it started). */
export function hasLog(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** A trainer's `{"astra_step": n, ...metrics}` line as a step with its numeric metrics, or undefined. */
export function parseStepLine(line: string): KubernetesUpdate['step'] {
  const text = line.trim();
  if (!text.startsWith('{') || !text.includes('"astra_step"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { astra_step: step, ...rest } = parsed as Record<string, unknown>;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return undefined;
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(rest)) if (typeof value === 'number' && Number.isFinite(value)) metrics[key] = value;
  return { step, metrics };
}

/** Splits new log lines into updates: one per step line (with the lines up to it), then the rest. */
export function updatesFrom(phase: JobPhase, lines: readonly string[]): KubernetesUpdate[] {
  const updates: KubernetesUpdate[] = [];
  let pending: string[] = [];
  for (const line of lines) {
    pending.push(line);
    const step = parseStepLine(line);
    if (step !== undefined) {
      updates.push({ phase, logLines: pending, step });
      pending = [];
    }
  }
  if (pending.length > 0) updates.push({ phase, logLines: pending });
  return updates;
}
