import type { TrajectoryRecord } from '@astra/contracts';
import type { NatsBus } from '@astra/platform/bus';
import { collectPages } from '../output/pages';

/** Requests in flight at once while fetching whole trajectories one by one. */
const FETCH_CONCURRENCY = 16;

/** A job's accepted trajectories, whole (what an export holds), for its statistics. */
export async function acceptedRecords(bus: NatsBus, jobId: string): Promise<TrajectoryRecord[]> {
  const { items } = await collectPages(
    (cursor, limit) =>
      bus.request('trajectory-synth.trajectory.list', {
        jobId,
        verdict: 'accepted',
        ...(cursor ? { cursor } : {}),
        ...(limit ? { limit } : {}),
      }),
    (page) => page.trajectories,
  );
  const records: TrajectoryRecord[] = [];
  for (let start = 0; start < items.length; start += FETCH_CONCURRENCY) {
    const batch = items.slice(start, start + FETCH_CONCURRENCY);
    const shown = await Promise.all(batch.map((t) => bus.request('trajectory-synth.trajectory.show', { id: t.id })));
    records.push(...shown.map((answer) => answer.trajectory));
  }
  return records;
}
