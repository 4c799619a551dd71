// Hardening of a worker thread's JavaScript realm once its runtime is loaded: even code that found a way from the
// guest language to a JavaScript function must find nothing useful there. No code generation from strings (so no
// way to reach the global object from a function), no process object, no fetch.

/** Makes Function, AsyncFunction and generator constructors unreachable through `.constructor` and removes eval. */
export function blockCodeGeneration(): void {
  const constructors = [function () {}, async function () {}, function* () {}, async function* () {}].map(
    (fn) => Object.getPrototypeOf(fn) as object,
  );
  for (const proto of constructors) {
    Object.defineProperty(proto, 'constructor', { value: undefined, writable: false, configurable: false });
  }
  Object.defineProperty(globalThis, 'eval', { value: undefined, writable: false, configurable: false });
}

/** Deletes host capabilities from the global object; the worker keeps the references it captured before. */
export function removeHostGlobals(): void {
  const names = ['process', 'fetch', 'Request', 'Response', 'Headers', 'WebSocket', 'EventSource', 'require', 'module'];
  for (const name of names) {
    try {
      Reflect.deleteProperty(globalThis, name);
    } catch {
      // Not configurable in this Node version: leave it; blockCodeGeneration keeps the global object out of reach.
    }
  }
}

/**
 * Replaces every process-spawning function of node:child_process in this thread (builtins are per thread) before
 * a runtime loads: Emscripten implements system() with child_process.spawnSync when it runs under Node.
 */
export function disableChildProcesses(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const childProcess = require('node:child_process') as Record<string, unknown>;
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    try {
      Object.defineProperty(childProcess, name, {
        value: () => {
          throw new Error('processes are disabled in the sandbox');
        },
        writable: false,
        configurable: false,
      });
    } catch {
      childProcess[name] = () => {
        throw new Error('processes are disabled in the sandbox');
      };
    }
  }
}
