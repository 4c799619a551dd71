import { BusError, type EnvironmentBundle } from '@astra/contracts';
import type { SandboxRunner } from '../sandbox/sandbox-runner';
import { createTestRunner } from '../sandbox/sandbox-test.fixture';
import { BundleCache, bundleHash } from './bundle-cache';
import { EnvironmentSessions } from './environment-sessions';

jest.setTimeout(120_000);

const PY_BANK: EnvironmentBundle = {
  language: 'python',
  setup: 'import random\naccounts = {"alice": 100}',
  tools: [
    { name: 'deposit', code: 'def deposit(user, amount):\n    accounts[user] = accounts.get(user, 0) + amount\n    return accounts[user]' },
    { name: 'balance', code: 'def balance(user):\n    return {"user": user, "balance": accounts.get(user, 0)}' },
    { name: 'lucky', code: 'def lucky():\n    return random.randint(0, 10**9)' },
    {
      name: 'hang',
      code: 'def hang():\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass',
    },
  ],
};

const JS_COUNTER: EnvironmentBundle = {
  language: 'javascript',
  setup: 'let count = 0;',
  tools: [
    { name: 'increment', code: 'function increment({ by }) { count += by; return { count }; }' },
    { name: 'roll', code: 'function roll() { return Math.floor(Math.random() * 1e9); }' },
  ],
};

describe('environment sessions', () => {
  let runner: SandboxRunner;
  let sessions: EnvironmentSessions;

  beforeAll(async () => {
    runner = createTestRunner({ pythonWorkers: 2, javascriptWorkers: 2 });
    await runner.started();
    sessions = new EnvironmentSessions(runner, new BundleCache());
  });
  afterAll(async () => {
    await runner.onModuleDestroy();
  });

  it('keeps state across calls of one session and never shares it with another (Python)', async () => {
    const a = await sessions.open({ bundle: PY_BANK });
    const b = await sessions.open({ bundle: PY_BANK });
    expect(a.setup.status).toBe('ok');
    expect(a.bundleHash).toBe(bundleHash(PY_BANK));
    expect(await sessions.call({ sessionId: a.sessionId, tool: 'deposit', arguments: { user: 'alice', amount: 5 } })).toMatchObject({
      status: 'ok',
      value: 105,
    });
    expect(await sessions.call({ sessionId: a.sessionId, tool: 'deposit', arguments: { user: 'alice', amount: 5 } })).toMatchObject({
      value: 110,
    });
    expect(await sessions.call({ sessionId: b.sessionId, tool: 'balance', arguments: { user: 'alice' } })).toMatchObject({
      value: { user: 'alice', balance: 100 },
    });
  });

  it('keeps state per session in JavaScript too', async () => {
    const a = await sessions.open({ bundle: JS_COUNTER });
    const b = await sessions.open({ bundle: JS_COUNTER });
    await sessions.call({ sessionId: a.sessionId, tool: 'increment', arguments: { by: 2 } });
    expect(await sessions.call({ sessionId: a.sessionId, tool: 'increment', arguments: { by: 3 } })).toMatchObject({ value: { count: 5 } });
    expect(await sessions.call({ sessionId: b.sessionId, tool: 'increment', arguments: { by: 1 } })).toMatchObject({ value: { count: 1 } });
  });

  it('opens a cached bundle by its hash alone and refuses an unknown hash', async () => {
    const first = await sessions.open({ bundle: JS_COUNTER });
    const again = await sessions.open({ bundleHash: first.bundleHash });
    expect(again.setup.status).toBe('ok');
    await expect(sessions.open({ bundleHash: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a tool that raises or does not exist as a result, and an unknown session as NOT_FOUND', async () => {
    const s = await sessions.open({ bundle: PY_BANK });
    const bad = await sessions.call({ sessionId: s.sessionId, tool: 'deposit', arguments: { nobody: 1 } });
    expect(bad).toMatchObject({ status: 'error', error: { type: 'TypeError' } });
    expect(await sessions.call({ sessionId: s.sessionId, tool: 'nope', arguments: {} })).toMatchObject({
      status: 'error',
      error: { type: 'ToolNotFound' },
    });
    await sessions.close(s.sessionId);
    await expect(sessions.call({ sessionId: s.sessionId, tool: 'balance', arguments: { user: 'x' } })).rejects.toBeInstanceOf(BusError);
  });

  it('is deterministic per call, and the determinism check replays the history on a scratch copy', async () => {
    const a = await sessions.open({ bundle: PY_BANK });
    const b = await sessions.open({ bundle: PY_BANK });
    const first = await sessions.call({ sessionId: a.sessionId, tool: 'lucky', arguments: {} });
    const second = await sessions.call({ sessionId: b.sessionId, tool: 'lucky', arguments: {} });
    expect(first.value).toEqual(second.value);
    await sessions.call({ sessionId: a.sessionId, tool: 'deposit', arguments: { user: 'bob', amount: 7 } });
    const checked = await sessions.call({
      sessionId: a.sessionId,
      tool: 'deposit',
      arguments: { user: 'bob', amount: 1 },
      checkDeterminism: true,
    });
    expect(checked).toMatchObject({ status: 'ok', value: 8, deterministic: true });
    expect(await sessions.call({ sessionId: a.sessionId, tool: 'balance', arguments: { user: 'bob' } })).toMatchObject({
      value: { balance: 8 },
    });
  });

  it('rebuilds a session by replay when a call never returns and its worker is replaced', async () => {
    const s = await sessions.open({ bundle: PY_BANK });
    await sessions.call({ sessionId: s.sessionId, tool: 'deposit', arguments: { user: 'carol', amount: 42 } });
    const hung = await sessions.call({ sessionId: s.sessionId, tool: 'hang', arguments: {}, limits: { timeMs: 200 } });
    expect(hung.status).toBe('timeout');
    expect(await sessions.call({ sessionId: s.sessionId, tool: 'balance', arguments: { user: 'carol' } })).toMatchObject({
      status: 'ok',
      value: { balance: 42 },
    });
  });
});
