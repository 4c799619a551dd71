import { VerifierHarness } from './verifier.harness';

jest.setTimeout(120_000);

describe('SandboxFusion-compatible POST /run_code', () => {
  const world = new VerifierHarness();

  beforeAll(async () => {
    await world.start();
  });
  afterAll(async () => {
    await world.stop();
  });

  it('answers Success with run_result Finished and exit code 0', async () => {
    const { status, body } = await world.post('/run_code', { code: 'print(input().upper())', language: 'python', stdin: 'hi\n' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'Success',
      message: '',
      compile_result: null,
      run_result: { status: 'Finished', return_code: 0, stdout: 'HI\n', stderr: '' },
      files: {},
    });
    expect(typeof body.run_result.execution_time).toBe('number');
  });

  it('answers Failed for an exception, with the traceback on stderr and exit code 1', async () => {
    const { body } = await world.post('/run_code', { code: 'import sys\nsys.exit(3)', language: 'python' });
    expect(body).toMatchObject({ status: 'Failed', run_result: { status: 'Finished', return_code: 3 } });
    const raised = await world.post('/run_code', { code: "throw new Error('boom')", language: 'nodejs' });
    expect(raised.body).toMatchObject({ status: 'Failed', run_result: { status: 'Finished', return_code: 1 } });
    expect(raised.body.run_result.stderr).toContain('boom');
  });

  it('answers TimeLimitExceeded when run_timeout passes', async () => {
    const { body } = await world.post('/run_code', { code: 'while True:\n    pass', language: 'python', run_timeout: 0.3 });
    expect(body).toMatchObject({ status: 'Failed', run_result: { status: 'TimeLimitExceeded', return_code: null } });
  });

  it('rejects an unsupported language with 422', async () => {
    const { status } = await world.post('/run_code', { code: 'int main(){}', language: 'cpp' });
    expect(status).toBe(422);
  });

  it("answers 422 in SandboxFusion's shape for every bad field", async () => {
    const { status, body } = await world.post('/run_code', { code: 'print(1)', language: '__proto__', run_timeout: 5000 });
    expect(status).toBe(422);
    expect(body.detail).toEqual([
      { loc: ['body', 'language'], msg: expect.any(String), type: 'enum' },
      { loc: ['body', 'run_timeout'], msg: expect.any(String), type: 'less_than_equal' },
    ]);
    for (const language of ['toString', 'constructor'])
      expect((await world.post('/run_code', { code: 'print(1)', language })).status).toBe(422);
    expect((await world.post('/run_code', { language: 'python' })).body.detail).toEqual([
      { loc: ['body', 'code'], msg: 'Field required', type: 'missing' },
    ]);
  });

  it("accepts SandboxFusion's memory_limit_MB of -1 (the server's cap)", async () => {
    const { status, body } = await world.post('/run_code', { code: 'print(2 + 2)', language: 'python', memory_limit_MB: -1 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'Success', run_result: { stdout: '4\n' } });
  });
});
