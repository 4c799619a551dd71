import { BusError, type SandboxResult } from '@astra/contracts';

export const ok = (value: unknown): SandboxResult => ({ status: 'ok', stdout: '', stderr: '', value, durationMs: 1 });

/** A verifier in memory: sessions with a call log, faults queued per request, and a restart that forgets everything. */
export class FakeVerifier {
  readonly log: string[] = [];
  readonly faults: string[] = [];
  private sessions = new Map<string, string[]>();
  private bundles = new Set<string>();
  private next = 0;

  /** `answer` gives a call's value from the tool, its arguments and the session's calls so far (default: those calls). */
  constructor(private readonly answer: (tool: string, args: Record<string, unknown>, history: string[]) => unknown = (_t, _a, h) => h) {}

  restart(): void {
    this.sessions = new Map();
    this.bundles = new Set();
  }

  readonly bus = {
    request: async (key: string, payload: Record<string, unknown>): Promise<unknown> => {
      const fault = this.faults.shift();
      if (fault !== undefined && fault !== 'none') throw new BusError(fault as 'NO_RESPONDERS', `injected ${fault}`);
      this.log.push(`${key}${payload['bundleHash'] ? ' by-hash' : payload['bundle'] ? ' bundle' : ''}`);
      if (key === 'sandbox.session.open') {
        if (payload['bundleHash'] && !this.bundles.has(payload['bundleHash'] as string)) throw new BusError('NOT_FOUND', 'no bundle');
        this.bundles.add('h'.repeat(64));
        const id = `s${++this.next}`;
        this.sessions.set(id, []);
        return { sessionId: id, bundleHash: 'h'.repeat(64), tools: [], setup: ok(null) };
      }
      const calls = this.sessions.get(String(payload['sessionId']));
      if (key === 'sandbox.session.close') return { closed: this.sessions.delete(String(payload['sessionId'])) };
      if (!calls) throw new BusError('NOT_FOUND', 'no open session');
      calls.push(`${String(payload['tool'])}${JSON.stringify(payload['arguments'])}`);
      // The state a session holds: every call so far, in order.
      return ok(this.answer(String(payload['tool']), payload['arguments'] as Record<string, unknown>, [...calls]));
    },
  };
}
