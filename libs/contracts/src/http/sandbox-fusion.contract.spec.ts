import { parseRunCodeRequest, RunCodeRequestSchema, toExecutePayload } from './sandbox-fusion.contract';

const parse = (body: unknown) => RunCodeRequestSchema.safeParse(body);

describe('POST /run_code request', () => {
  it("takes SandboxFusion's defaults when a client names no limits: 10 s and the server's memory cap", () => {
    const request = RunCodeRequestSchema.parse({ code: 'print(1)', language: 'python' });
    expect(toExecutePayload(request)).toEqual({ language: 'python', code: 'print(1)', limits: { timeMs: 10_000 } });
  });

  it('maps SandboxFusion language names and limits to the sandbox call', () => {
    const request = RunCodeRequestSchema.parse({ code: 'x', language: 'nodejs', run_timeout: 0.25, memory_limit_MB: 256, stdin: 'in' });
    expect(toExecutePayload(request)).toEqual({ language: 'javascript', code: 'x', stdin: 'in', limits: { timeMs: 250, memoryMb: 256 } });
    expect(
      toExecutePayload(RunCodeRequestSchema.parse({ code: 'x', language: 'python3', memory_limit_MB: -1, stdin: null })).limits,
    ).toEqual({ timeMs: 10_000 });
  });

  it('bounds run_timeout as the bus does, so a huge timeout is refused instead of overflowing a timer', () => {
    expect(parse({ code: 'x', language: 'python', run_timeout: 600 }).success).toBe(true);
    for (const run_timeout of [600.5, 3000, 0, -1]) expect(parse({ code: 'x', language: 'python', run_timeout }).success).toBe(false);
  });

  it('refuses a memory limit above the cap and fractional megabytes', () => {
    expect(parse({ code: 'x', language: 'python', memory_limit_MB: 4096 }).success).toBe(false);
    expect(parse({ code: 'x', language: 'python', memory_limit_MB: 1.5 }).success).toBe(false);
  });

  it('refuses language names that are properties of every object', () => {
    for (const language of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'cpp']) {
      expect(parse({ code: 'x', language }).success).toBe(false);
    }
  });
});

describe('validation errors in SandboxFusion (FastAPI) shape', () => {
  const detailOf = (body: unknown) => {
    const result = parseRunCodeRequest(body);
    if (result.ok) throw new Error('expected a validation error');
    return result.detail;
  };

  it('parses a valid body', () => {
    expect(parseRunCodeRequest({ code: 'x', language: 'js' })).toMatchObject({
      ok: true,
      request: { run_timeout: 10, memory_limit_MB: -1 },
    });
  });

  it('names a missing field with loc, msg and type', () => {
    expect(detailOf({ language: 'python' })).toEqual([{ loc: ['body', 'code'], msg: 'Field required', type: 'missing' }]);
    expect(detailOf(null)).toEqual([{ loc: ['body'], msg: expect.any(String), type: 'object_type' }]);
  });

  it('names each wrong field', () => {
    const detail = detailOf({ code: 1, language: 'cpp', run_timeout: 5000 });
    expect(detail.map((d) => d.loc)).toEqual([
      ['body', 'code'],
      ['body', 'language'],
      ['body', 'run_timeout'],
    ]);
    expect(detail.map((d) => d.type)).toEqual(['string_type', 'enum', 'less_than_equal']);
    for (const item of detail) expect(item.msg.length).toBeGreaterThan(0);
  });
});
