// Worker thread that runs JavaScript on QuickJS (WASM). Each snippet gets a fresh runtime; each environment session
// keeps one runtime and context. The interrupt handler enforces wall time, the output budget and the WASM heap cap
// (QuickJS's own memory limit misses small allocations).
import { parentPort } from 'node:worker_threads';
import { newQuickJSWASMModule, type QuickJSContext, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { JAVASCRIPT_PRELUDE } from './javascript-prelude';
import { OutputBuffer } from './output-buffer';
import { blockCodeGeneration, disableChildProcesses, removeHostGlobals } from './realm-hardening';
import { installWasmHeapCap, setWasmHeapCap, wasmHeapRefused, type WasmMemory } from './wasm-heap-cap';
import type { CallSettings, WorkerOutcome, WorkerReply, WorkerRequest } from './worker-protocol';

const STACK_BYTES = 512 * 1024;

interface Guest {
  rt: QuickJSRuntime;
  ctx: QuickJSContext;
}
interface CallState {
  output: OutputBuffer;
  deadline: number;
  heapCap: number;
  timedOut: boolean;
}

const port = parentPort;
const sessions = new Map<string, Guest>();
let quickjs: QuickJSWASMModule;
let memory: WasmMemory;
let call: CallState = { output: new OutputBuffer(0, () => undefined), deadline: 0, heapCap: 0, timedOut: false };

function newGuest(settings: CallSettings): Guest {
  const rt = quickjs.newRuntime();
  rt.setMemoryLimit(settings.memoryBytes);
  rt.setMaxStackSize(STACK_BYTES);
  rt.setInterruptHandler(() => {
    if (Date.now() > call.deadline) call.timedOut = true;
    return call.timedOut || call.output.exceeded || memory.buffer.byteLength > call.heapCap;
  });
  const ctx = rt.newContext();
  const writeFn = ctx.newFunction('__astraWrite', (stream, text) => {
    call.output.writeText(ctx.getNumber(stream) === 2 ? 'stderr' : 'stdout', ctx.getString(text));
  });
  ctx.setProp(ctx.global, '__astraWrite', writeFn);
  writeFn.dispose();
  ctx.unwrapResult(ctx.evalCode(JAVASCRIPT_PRELUDE, '<prelude>')).dispose();
  return { rt, ctx };
}

function dispose(guest: Guest): void {
  guest.ctx.dispose();
  guest.rt.dispose();
}

/** Starts the budget of one call; then `prepare` reseeds the guest's randomness and sets its clock. */
function begin(settings: CallSettings): void {
  call = {
    output: new OutputBuffer(settings.outputBytes, () => undefined),
    deadline: Date.now() + settings.timeMs,
    heapCap: memory.buffer.byteLength + settings.memoryBytes,
    timedOut: false,
  };
  setWasmHeapCap(call.heapCap);
}

function prepare(guest: Guest, settings: CallSettings): void {
  guest.rt.setMemoryLimit(settings.memoryBytes);
  guest.ctx.evalCode(`__astraPrepare(${settings.seed}, ${settings.clockMs === null ? 'null' : settings.clockMs})`).dispose();
}

/** What the guest threw: an Error's name, message and stack, or any other value (`throw {code: 1}`) as JSON. */
function thrownInfo(thrown: unknown): { type: string; message: string; traceback?: string } {
  if (typeof thrown !== 'object' || thrown === null) return { type: 'Error', message: String(thrown) };
  const error = thrown as { name?: string; message?: string; stack?: string };
  return { type: error.name ?? 'Error', message: error.message ?? JSON.stringify(thrown), traceback: error.stack };
}

/** Evaluates `code` and turns the result into an outcome; the value is JSON-encoded inside the guest. */
function evaluate(guest: Guest, code: string, filename: string, settings: CallSettings): WorkerOutcome {
  const result = guest.ctx.evalCode(code, filename);
  if (!result.error) {
    // Run promise callbacks the code queued (still under the same interrupt handler and limits).
    const jobs = guest.rt.executePendingJobs();
    if (jobs.error) jobs.error.dispose();
  }
  const base = { stdout: call.output.text('stdout'), stderr: call.output.text('stderr') };
  if (result.error) {
    const info = thrownInfo(guest.ctx.dump(result.error));
    result.error.dispose();
    const stderr = `${base.stderr}${info.type}: ${info.message}\n${info.traceback ?? ''}`;
    if (call.output.exceeded) return { ...base, status: 'output_limit' };
    if (call.timedOut) return { ...base, stderr, status: 'timeout', error: info };
    const memory = wasmHeapRefused() || /out of memory/i.test(info.message) || memoryOverCap();
    return { ...base, stderr, status: memory ? 'memory' : 'error', error: info, poisoned: memoryOverCap() };
  }
  const valueJson = guest.ctx.typeof(result.value) === 'string' ? guest.ctx.getString(result.value) : undefined;
  result.value.dispose();
  if (call.output.exceeded || (valueJson?.length ?? 0) > settings.outputBytes) return { ...base, status: 'output_limit' };
  return { ...base, status: 'ok', valueJson };
}

function memoryOverCap(): boolean {
  return memory.buffer.byteLength > call.heapCap;
}

function run(code: string, settings: CallSettings): WorkerOutcome {
  begin(settings);
  const guest = newGuest(settings);
  try {
    prepare(guest, settings);
    const outcome = evaluate(guest, code, '<sandbox>', settings);
    return { ...outcome, valueJson: undefined };
  } finally {
    dispose(guest);
  }
}

function open(request: Extract<WorkerRequest, { type: 'open' }>): WorkerOutcome {
  begin(request.settings);
  const guest = newGuest(request.settings);
  prepare(guest, request.settings);
  const checks = request.tools.map(
    (t) => `if (typeof ${t.name} !== 'function') throw new ReferenceError("tool code does not define a function named '${t.name}'");`,
  );
  const source = [request.setup, ...request.tools.map((t) => t.code), ...checks, 'undefined'].join('\n;\n');
  const outcome = evaluate(guest, source, '<bundle>', request.settings);
  if (outcome.status === 'ok') sessions.set(request.sessionId, guest);
  else dispose(guest);
  return outcome;
}

function callTool(request: Extract<WorkerRequest, { type: 'call' }>): WorkerOutcome {
  const guest = sessions.get(request.sessionId);
  if (!guest) return { status: 'error', stdout: '', stderr: '', error: { type: 'SessionNotFound', message: request.sessionId } };
  begin(request.settings);
  prepare(guest, request.settings);
  const tool = JSON.stringify(request.tool);
  const code = `(() => { const fn = globalThis[${tool}]; if (typeof fn !== 'function') { const e = new ReferenceError('no tool named ' + ${tool}); e.name = 'ToolNotFound'; throw e; } const v = fn(${request.argsJson}); return JSON.stringify(v === undefined ? null : v); })()`;
  return evaluate(guest, code, `<tool ${request.tool}>`, request.settings);
}

function handle(request: WorkerRequest): WorkerOutcome {
  switch (request.type) {
    case 'run':
      return run(request.code, request.settings);
    case 'open':
      return open(request);
    case 'call':
      return callTool(request);
    case 'close': {
      const guest = sessions.get(request.sessionId);
      if (guest) dispose(guest);
      sessions.delete(request.sessionId);
      return { status: 'ok', stdout: '', stderr: '', valueJson: String(guest !== undefined) };
    }
  }
}

async function main(): Promise<void> {
  installWasmHeapCap();
  disableChildProcesses();
  quickjs = await newQuickJSWASMModule();
  memory = (quickjs as unknown as { getWasmMemory(): WasmMemory }).getWasmMemory();
  blockCodeGeneration();
  removeHostGlobals();
  port?.on('message', (request: WorkerRequest) => {
    let outcome: WorkerOutcome;
    try {
      outcome = handle(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = {
        status: wasmHeapRefused() ? 'memory' : 'error',
        stdout: '',
        stderr: '',
        error: { type: 'SandboxCrash', message },
        poisoned: true,
      };
    }
    send({ type: 'result', id: request.id, outcome });
  });
  send({ type: 'ready' });
}

function send(reply: WorkerReply): void {
  port?.postMessage(reply);
}

main().catch((error: unknown) => send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }));
