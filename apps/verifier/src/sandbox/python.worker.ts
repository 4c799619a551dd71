// Worker thread that runs Python on Pyodide, one request at a time. The host interrupts a call through the shared
// interrupt buffer (KeyboardInterrupt) and terminates the thread when even that does not stop it.
import { parentPort, workerData } from 'node:worker_threads';
import { dirname } from 'node:path';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { OutputBuffer } from './output-buffer';
import { PYTHON_PRELUDE } from './python-prelude';
import { blockCodeGeneration, disableChildProcesses, removeHostGlobals } from './realm-hardening';
import { installWasmHeapCap, setWasmHeapCap, wasmHeapRefused } from './wasm-heap-cap';
import type { CallSettings, WorkerBoot, WorkerOutcome, WorkerReply, WorkerRequest } from './worker-protocol';

interface PyFn {
  (...args: unknown[]): unknown;
}
interface Entry {
  run: PyFn;
  open: PyFn;
  call: PyFn;
  close: PyFn;
}
interface Encoded {
  value?: string;
  error?: { type: string; message: string; traceback?: string };
}

const boot = workerData as WorkerBoot;
const port = parentPort;
const interrupt = new Uint8Array(boot.interrupt);
let output = new OutputBuffer(0, () => undefined);
let baseHeap = 0;

function send(reply: WorkerReply): void {
  port?.postMessage(reply);
}

async function load(): Promise<{ py: PyodideAPI; entry: Entry }> {
  installWasmHeapCap();
  disableChildProcesses();
  // The cap patches WebAssembly.Memory before loadPyodide creates the heap.
  const indexURL = dirname(require.resolve('pyodide/package.json')) + '/';
  const py = await loadPyodide({
    indexURL,
    jsglobals: Object.create(null) as object,
    env: { HOME: '/home/sandbox', USER: 'sandbox', _: 'python', PYTHONHASHSEED: '0' },
    stdout: () => undefined,
    stderr: () => undefined,
  });
  py.setStdout({ write: (bytes: Uint8Array) => (output.write('stdout', bytes), bytes.length) });
  py.setStderr({ write: (bytes: Uint8Array) => (output.write('stderr', bytes), bytes.length) });
  py.setStdin({ stdin: () => null });
  py.setInterruptBuffer(interrupt);
  cutNativeBridges(py);
  py.runPython(PYTHON_PRELUDE);
  const tuple = py.globals.get('_astra_entry') as { toJs(options: { depth: number }): PyFn[] };
  const [run, open, call, close] = tuple.toJs({ depth: 1 });
  py.runPython("del _astra_entry\nimport sys\nsys.modules['__main__'].__dict__.clear()");
  if (!run || !open || !call || !close) throw new Error('python prelude did not define its entry points');
  baseHeap = (py as unknown as { _module: { HEAPU8: Uint8Array } })._module.HEAPU8.length;
  return { py, entry: { run, open, call, close } };
}

/** Removes what would let Python reach the host through Emscripten: host file systems and WebSocket sockets. */
function cutNativeBridges(py: PyodideAPI): void {
  const fs = py.FS as unknown as { filesystems: Record<string, unknown> };
  delete fs.filesystems['NODEFS'];
  delete fs.filesystems['NATIVEFS_ASYNC'];
  const mod = (py as unknown as { _module: Record<string, unknown> })._module;
  const sockfs = mod['SOCKFS'] as { websocket_sock_ops?: { createPeer: () => never } } | undefined;
  if (sockfs?.websocket_sock_ops) {
    sockfs.websocket_sock_ops.createPeer = () => {
      throw new Error('network access is disabled in the sandbox');
    };
  }
  const api = py as unknown as Record<string, unknown>;
  for (const name of ['mountNodeFS', 'mountNativeFS', 'loadPackage', 'loadPackagesFromImports', 'pyimport', 'runPythonAsync']) {
    api[name] = () => {
      throw new Error(`${name} is disabled in the sandbox`);
    };
  }
}

function begin(settings: CallSettings): void {
  interrupt[0] = 0;
  setWasmHeapCap(baseHeap + settings.memoryBytes);
  output = new OutputBuffer(settings.outputBytes, () => {
    interrupt[0] = 2; // stop the code at its next bytecode check; the host reports output_limit
  });
}

function finish(encodedJson: unknown, settings: CallSettings): WorkerOutcome {
  const encoded = JSON.parse(String(encodedJson)) as Encoded;
  const base = { stdout: output.text('stdout'), stderr: output.text('stderr') };
  if (output.exceeded) return { ...base, status: 'output_limit' };
  if (encoded.error) {
    const memory = encoded.error.type === 'MemoryError' || wasmHeapRefused();
    const stderr = base.stderr + (encoded.error.traceback ?? '');
    // The heap cannot pass its cap, so a MemoryError leaves a usable interpreter: no restart needed.
    return { ...base, stderr, status: memory ? 'memory' : 'error', error: encoded.error };
  }
  if (encoded.value !== undefined && encoded.value.length > settings.outputBytes) {
    return { ...base, status: 'output_limit' };
  }
  return { ...base, status: 'ok', valueJson: encoded.value };
}

function handle(entry: Entry, request: WorkerRequest): WorkerOutcome | boolean {
  if (request.type === 'close') return entry.close(request.sessionId) === true;
  const s = request.settings;
  begin(s);
  // JavaScript null arrives in Python as jsnull, not None; undefined is None.
  const clockMs = s.clockMs ?? undefined;
  let encoded: unknown;
  if (request.type === 'run') encoded = entry.run(request.code, s.seed, clockMs, request.stdin);
  else if (request.type === 'open') {
    const tools = JSON.stringify(request.tools);
    encoded = entry.open(request.sessionId, request.hash, request.setup, tools, s.seed, clockMs);
  } else encoded = entry.call(request.sessionId, request.tool, request.argsJson, s.seed, clockMs);
  return finish(encoded, s);
}

function crash(error: unknown): WorkerOutcome {
  // A fatal Pyodide error (e.g. the WASM stack overflowed): report it as the code's failure; the host replaces us.
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: wasmHeapRefused() ? 'memory' : 'error',
    stdout: output.text('stdout'),
    stderr: output.text('stderr'),
    error: { type: 'SandboxCrash', message },
    poisoned: true,
  };
}

async function main(): Promise<void> {
  const { entry } = await load();
  blockCodeGeneration();
  removeHostGlobals();
  port?.on('message', (request: WorkerRequest) => {
    let outcome: WorkerOutcome;
    try {
      const handled = handle(entry, request);
      outcome = typeof handled === 'boolean' ? { status: 'ok', stdout: '', stderr: '', valueJson: String(handled) } : handled;
    } catch (error) {
      outcome = crash(error);
    }
    send({ type: 'result', id: request.id, outcome });
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }));
