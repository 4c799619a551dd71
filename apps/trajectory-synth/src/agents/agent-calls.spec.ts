import { BusError } from '@astra/contracts';
import { FakeSession } from '../../test/support/agent-fixtures';
import { runTurnCalls } from './agent-calls';
import { SYSTEM_AGENT_CLOCK } from './agent-clock';

const ok = () => ({ status: 'ok' as const, result: '{"time":"10:00"}' });
const issued = [
  { id: 'call_0_0', name: 'weather', arguments: { city: 'Lyon' } },
  { id: 'call_0_1', name: 'clock', arguments: {} },
];

describe('runTurnCalls', () => {
  it('returns a final executor fault with the calls that finished: the trajectory stops on infrastructure', async () => {
    const session = new FakeSession({
      weather: () => {
        throw new BusError('MCP_SERVER_FAILED', 'the weather server exited');
      },
      clock: ok,
    });
    const outcome = await runTurnCalls(session, issued, 0, SYSTEM_AGENT_CLOCK);
    expect(outcome.fault).toEqual({ code: 'MCP_SERVER_FAILED', message: 'the weather server exited' });
    expect(outcome.calls.map((c) => c.tool)).toEqual(['clock']);
  });

  it('throws a retryable fault (NATS down) once every call has settled, so the job retries the trajectory', async () => {
    let clockDone = false;
    const session = new FakeSession({
      weather: () => {
        throw new BusError('UNAVAILABLE', 'request "sandbox.tool.call" failed: the NATS connection is down');
      },
      clock: () => {
        clockDone = true;
        return ok();
      },
    });
    await expect(runTurnCalls(session, issued, 0, SYSTEM_AGENT_CLOCK)).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(clockDone).toBe(true);
  });
});
