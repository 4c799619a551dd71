// Caps how far any WebAssembly memory in this thread may grow. Emscripten's allocator grows the heap through
// Memory.prototype.grow; refusing the growth makes malloc return NULL, which Python reports as MemoryError and
// QuickJS as an out-of-memory InternalError, instead of the worker taking host memory without bound.

/** The part of WebAssembly.Memory used here (the DOM lib that declares it is not in this project's lib). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const state = { capBytes: Number.POSITIVE_INFINITY, refused: false };

/** Installs the cap once per thread, before any WASM module is instantiated. */
export function installWasmHeapCap(): void {
  const wasm = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the growing memory as `this`
  const original = wasm.Memory.prototype.grow;
  wasm.Memory.prototype.grow = function grow(this: WasmMemory, pages: number): number {
    if (this.buffer.byteLength + pages * 65_536 > state.capBytes) {
      state.refused = true;
      throw new RangeError('sandbox memory limit');
    }
    return original.call(this, pages);
  };
}

/** Sets the largest size, in bytes, a WASM memory may grow to, and clears the refusal flag. */
export function setWasmHeapCap(bytes: number): void {
  state.capBytes = bytes;
  state.refused = false;
}

/** Whether a growth was refused since the last setWasmHeapCap. */
export function wasmHeapRefused(): boolean {
  return state.refused;
}
