// JavaScript evaluated in every new QuickJS context before user code: console over the one host function the
// guest gets (a write to stdout/stderr, then hidden), a seeded Math.random and a Date whose clock is fixed per call.
export const JAVASCRIPT_PRELUDE = String.raw`
(() => {
  const write = globalThis.__astraWrite;
  delete globalThis.__astraWrite;
  const RealDate = Date;
  const state = { seed: 0, clockMs: null };
  const format = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return String(v.stack ? v.name + ': ' + v.message + '\n' + v.stack : v);
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch { return String(v); }
  };
  const out = (stream) => (...args) => write(stream, args.map(format).join(' ') + '\n');
  globalThis.console = Object.freeze({
    log: out(1), info: out(1), debug: out(1), warn: out(2), error: out(2), trace: out(2),
  });
  // mulberry32: small, fast and the same on every machine.
  Math.random = () => {
    state.seed = (state.seed + 0x6d2b79f5) | 0;
    let t = state.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const now = () => (state.clockMs === null ? RealDate.now() : state.clockMs);
  function SandboxDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  SandboxDate.prototype = RealDate.prototype;
  SandboxDate.now = now;
  SandboxDate.parse = RealDate.parse;
  SandboxDate.UTC = RealDate.UTC;
  globalThis.Date = SandboxDate;
  Object.defineProperty(globalThis, '__astraPrepare', {
    value: (seed, clockMs) => { state.seed = seed | 0; state.clockMs = clockMs; },
    enumerable: false, writable: false, configurable: false,
  });
})();
`;
