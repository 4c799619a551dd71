import type { MessageEvent } from '@nestjs/common';
import { BusError, type RolloutBrokerJobReport } from '@astra/contracts';
import { catchError, distinctUntilChanged, exhaustMap, from, map, type Observable, of, takeWhile, timer } from 'rxjs';

/** How often the event stream reads the job's report (the batch may run on another broker instance). */
export const BATCH_EVENTS_POLL_MS = 250;

const finished = (r: RolloutBrokerJobReport): boolean => r.status === 'completed' || r.status === 'failed';

/**
 * A batch's server-sent events: `report` each time its report changes (pending, then running with valid groups so far
 * as progress), then `done` with the final report (completed or failed), and the stream ends. A report that cannot be
 * read ends the stream with an `error` event carrying the fault's code and message.
 */
export function batchEvents(read: () => Promise<RolloutBrokerJobReport>, pollMs = BATCH_EVENTS_POLL_MS): Observable<MessageEvent> {
  return timer(0, pollMs).pipe(
    exhaustMap(() => from(read())),
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    takeWhile((report) => !finished(report), true),
    map((report): MessageEvent => ({ type: finished(report) ? 'done' : 'report', data: report })),
    catchError((error: unknown) => {
      const fault = error instanceof BusError ? error : new BusError('INTERNAL', 'internal error');
      return of<MessageEvent>({ type: 'error', data: { error: { code: fault.code, message: fault.message } } });
    }),
  );
}
