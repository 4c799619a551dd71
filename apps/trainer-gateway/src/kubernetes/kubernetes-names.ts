import { createHash } from 'node:crypto';

// Kubernetes names are DNS-1123 labels (≤ 63 chars, [a-z0-9-], alphanumeric at both ends); job ids are not.

const MAX_NAME = 63;
const PREFIX = 'astra-';

/** The Job's (and its ConfigMap's) name for a training job: a readable slug of the id plus a hash of the whole id. */
export function kubernetesNameFor(jobId: string): string {
  const hash = createHash('sha256').update(jobId).digest('hex').slice(0, 10);
  const room = MAX_NAME - PREFIX.length - hash.length - 1;
  const slug = jobId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, room)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? `${PREFIX}${hash}` : `${PREFIX}${slug}-${hash}`;
}

/** A label value (≤ 63 chars of [A-Za-z0-9._-], alphanumeric at both ends) naming the job id, hashed when it does not fit. */
export function labelValueFor(jobId: string): string {
  if (/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(jobId)) return jobId;
  return kubernetesNameFor(jobId);
}
