// Messages between the verifier's main thread and a sandbox worker thread. Only plain data crosses.

/** Per-call settings that the worker enforces itself (the host enforces wall time). */
export interface CallSettings {
  memoryBytes: number;
  outputBytes: number;
  /** Wall-time budget; the QuickJS worker interrupts itself, the host interrupts Pyodide. */
  timeMs: number;
  seed: number;
  /** Epoch ms that clock functions return; null means the real clock. */
  clockMs: number | null;
}

export type WorkerRequest =
  | { type: 'run'; id: number; code: string; stdin: string; settings: CallSettings }
  | { type: 'open'; id: number; sessionId: string; hash: string; setup: string; tools: WorkerTool[]; settings: CallSettings }
  | { type: 'call'; id: number; sessionId: string; tool: string; argsJson: string; settings: CallSettings }
  | { type: 'close'; id: number; sessionId: string; settings: CallSettings };

export interface WorkerTool {
  name: string;
  code: string;
}

/** What a worker reports for one request; `status` is refined by the host (timeout) when it interrupted the call. */
export interface WorkerOutcome {
  status: 'ok' | 'error' | 'timeout' | 'memory' | 'output_limit';
  stdout: string;
  stderr: string;
  valueJson?: string;
  error?: { type: string; message: string; traceback?: string };
  /** The runtime cannot be used again (fatal error, heap over its cap); the host replaces the worker. */
  poisoned?: boolean;
}

export type WorkerReply = { type: 'ready' } | { type: 'result'; id: number; outcome: WorkerOutcome } | { type: 'fatal'; message: string };

/** Data given to a worker at start through workerData. */
export interface WorkerBoot {
  /** 1-byte SharedArrayBuffer: the host writes 2 (SIGINT) to interrupt running Python. */
  interrupt: SharedArrayBuffer;
  /** Bytes the runtime may grow its WASM heap beyond its size after start (hard cap for the worker). */
  heapHeadroomBytes: number;
}
