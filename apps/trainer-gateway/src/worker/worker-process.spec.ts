import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { waitFor } from '@astra/testing';
import { WorkerProcess } from './worker-process';
import { AnyResultSchema, WorkerExitedError, WorkerRequestError, type WorkerEvent } from './worker-protocol';

// A stand-in for astra_trainer.worker speaking the same JSON lines: enough to test the client's side of the protocol.
const SCRIPT = `
import json, sys, os, threading
for raw in sys.stdin:
    req = json.loads(raw)
    op, rid = req["op"], req["id"]
    if op == "echo":
        for i in range(req["events"]):
            print(json.dumps({"event": "step", "id": rid, "step": i + 1}), flush=True)
        print("not json", flush=True)
        print(json.dumps({"id": rid, "ok": True, "result": {"echo": req["text"]}}), flush=True)
    elif op == "fail":
        print(json.dumps({"id": rid, "ok": False, "error": {"code": "DATA", "message": "no data"}}), flush=True)
    elif op == "log":
        print("line one\\nline two", file=sys.stderr, flush=True)
        print(json.dumps({"id": rid, "ok": True, "result": {}}), flush=True)
    elif op == "die":
        os._exit(3)
    elif op == "hang":
        threading.Event().wait()  # never answers: the worker is stuck until it is killed
`;

describe('WorkerProcess', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'astra-worker-'));
    mkdirSync(join(dir, 'astra_trainer'));
    writeFileSync(join(dir, 'astra_trainer', '__init__.py'), '');
    writeFileSync(join(dir, 'astra_trainer', 'worker.py'), SCRIPT);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (onLog: (line: string) => void = () => undefined) =>
    WorkerProcess.start({ python: '/usr/bin/python3', cwd: dir }, onLog, new Logger('test'));

  it('matches responses to requests, hands events over in order, skips lines outside the protocol and keeps stderr lines', async () => {
    const logs: string[] = [];
    const worker = await start((line) => logs.push(line));
    const events: WorkerEvent[] = [];
    const result = await worker.call('echo', { text: 'hi', events: 3 }, AnyResultSchema, (e) => events.push(e));
    expect(result).toEqual({ echo: 'hi' });
    expect(events.map((e) => [e.event, e['step']])).toEqual([
      ['step', 1],
      ['step', 2],
      ['step', 3],
    ]);
    await expect(worker.call('fail', {}, AnyResultSchema)).rejects.toEqual(new WorkerRequestError('fail', 'DATA', 'no data'));
    await worker.call('log', {}, AnyResultSchema);
    await waitFor(() => logs.length === 2, { what: 'the stderr lines' });
    expect(logs).toEqual(['line one', 'line two']);
    expect(worker.pid).toBeGreaterThan(0);
    await worker.close();
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it('rejects the waiting request with the exit code of a worker that died, and every later one', async () => {
    const worker = await start();
    const error = await worker.call('die', {}, AnyResultSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerExitedError);
    expect((error as Error).message).toBe('the training worker exited during die (exit code 3)');
    await expect(worker.call('echo', { text: 'x', events: 0 }, AnyResultSchema)).rejects.toBeInstanceOf(WorkerExitedError);
  });

  it('kills a busy worker: the request rejects naming the signal', async () => {
    const worker = await start();
    const hanging = worker.call('hang', {}, AnyResultSchema);
    worker.kill();
    await expect(hanging).rejects.toThrow('the training worker exited during hang (signal SIGKILL)');
  });

  it('rejects when the interpreter does not exist', async () => {
    await expect(WorkerProcess.start({ python: join(dir, 'no-python'), cwd: dir }, () => undefined, new Logger('test'))).rejects.toThrow(
      'cannot start the training worker',
    );
  });
});
