import fc from 'fast-check';
import {
  parseRunCodeRequest,
  SANDBOX_FUSION_LANGUAGES,
  SANDBOX_FUSION_MAX_FILES,
  SANDBOX_FUSION_MAX_RUN_TIMEOUT_S,
  toExecutePayload,
} from './sandbox-fusion.contract';
import { cpuMsOf } from '@astra/testing';

// Properties over any POST /run_code body: the parser never throws, a body it accepts always makes a valid sandbox
// call, a body it refuses always gets FastAPI-shaped detail items, and no body stalls the event loop.

/**
 * The CPU time of one synchronous call, in milliseconds: how long it holds the event loop on an idle machine.
 * Wall time is not used: on a shared machine it grows with every other process (5x at a load of 10 on 2 cores).
 */

// The stall threshold; the bodies below take the parser well under a millisecond per megabyte.
const STALL_MS = 100;

const body = fc.oneof(
  fc.anything(),
  fc.record(
    {
      code: fc.oneof(fc.string(), fc.anything({ maxDepth: 1 })),
      language: fc.oneof(
        fc.constantFrom(...Object.keys(SANDBOX_FUSION_LANGUAGES), '__proto__', 'toString', 'cpp', ''),
        fc.anything({ maxDepth: 0 }),
      ),
      run_timeout: fc.oneof(fc.double(), fc.integer(), fc.anything({ maxDepth: 0 })),
      memory_limit_MB: fc.oneof(fc.integer({ min: -2, max: 5000 }), fc.double(), fc.string()),
      stdin: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
      files: fc.oneof(fc.dictionary(fc.string(), fc.option(fc.string(), { nil: null })), fc.anything({ maxDepth: 2 })),
      fetch_files: fc.oneof(fc.array(fc.string()), fc.anything({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  ),
);

describe('parseRunCodeRequest on any body', () => {
  it('never throws; what it accepts makes a valid sandbox call, what it refuses has FastAPI detail items', () => {
    fc.assert(
      fc.property(body, (input) => {
        const parsed = parseRunCodeRequest(input);
        if (parsed.ok) {
          expect(Object.keys(SANDBOX_FUSION_LANGUAGES)).toContain(parsed.request.language);
          expect(parsed.request.run_timeout).toBeGreaterThan(0);
          expect(parsed.request.run_timeout).toBeLessThanOrEqual(SANDBOX_FUSION_MAX_RUN_TIMEOUT_S);
          expect(() => toExecutePayload(parsed.request)).not.toThrow();
        } else {
          expect(parsed.detail.length).toBeGreaterThan(0);
          for (const item of parsed.detail) {
            expect(item.loc[0]).toBe('body');
            expect(item.msg).toEqual(expect.any(String));
            expect(item.type).toEqual(expect.any(String));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it(`refuses more than ${SANDBOX_FUSION_MAX_FILES} files, which it would ignore, with a FastAPI detail item`, () => {
    const files = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.py`, 'eA==']));
    expect(parseRunCodeRequest({ code: 'x', language: 'python', files: files(SANDBOX_FUSION_MAX_FILES) }).ok).toBe(true);
    expect(parseRunCodeRequest({ code: 'x', language: 'python', files: files(SANDBOX_FUSION_MAX_FILES + 1) })).toEqual({
      ok: false,
      detail: [{ loc: ['body', 'files'], msg: `at most ${SANDBOX_FUSION_MAX_FILES} entries`, type: 'value_error' }],
    });
  });

  it('answers big bodies within the stall bound, refusing what passes the limits', () => {
    // Up to 6 MB of code or stdin (the limit is 4 MiB) and 4,096 files (the limit is 256). Counting the files of a
    // bigger object costs time in proportion to it, as parsing its JSON did before.
    const big = fc.noShrink(
      fc.oneof(
        fc.record({ field: fc.constantFrom('code', 'stdin'), size: fc.integer({ min: 1_000, max: 6_000_000 }) }),
        fc.record({ field: fc.constantFrom('files', 'fetch_files'), size: fc.integer({ min: 1, max: 4_096 }) }),
      ),
    );
    fc.assert(
      fc.property(big, ({ size, field }) => {
        const request: Record<string, unknown> = { code: 'print(1)', language: 'python' };
        if (field === 'code' || field === 'stdin') request[field] = 'x'.repeat(size);
        if (field === 'files') request['files'] = Object.fromEntries(Array.from({ length: size }, (_, i) => [`f${i}`, 'x']));
        if (field === 'fetch_files') request['fetch_files'] = Array.from({ length: size }, (_, i) => `f${i}`);
        let ok = false;
        expect(cpuMsOf(() => (ok = parseRunCodeRequest(request).ok))).toBeLessThan(STALL_MS);
        const limit = field === 'code' || field === 'stdin' ? 4 * 1024 * 1024 : SANDBOX_FUSION_MAX_FILES;
        expect(ok).toBe(size <= limit);
      }),
      { numRuns: 20 },
    );
  });
});
