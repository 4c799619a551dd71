import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { NestLoggerAdapter, createLogger, currentRunId, runContext } from './index';

function collector() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe('createLogger', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  const tracer = new BasicTracerProvider().getTracer('logging-spec');

  beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
  afterAll(() => {
    contextManager.disable();
    context.disable();
  });

  it('writes the trace, span and run ids of the active span and run on each line', async () => {
    const { lines, stream } = collector();
    const logger = createLogger({ service: 'verifier', destination: stream });
    let ids = { traceId: '', spanId: '' };
    await runContext.run('run-7', () =>
      tracer.startActiveSpan('work', async (span) => {
        ids = span.spanContext();
        await Promise.resolve();
        logger.info({ tool: 'x' }, 'inside');
        span.end();
      }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'verifier',
      level: 'info',
      msg: 'inside',
      tool: 'x',
      trace_id: ids.traceId,
      span_id: ids.spanId,
      run_id: 'run-7',
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('leaves the ids out outside a span and a run', () => {
    const { lines, stream } = collector();
    createLogger({ service: 'verifier', destination: stream }).warn('outside');
    expect(lines[0]).toMatchObject({ service: 'verifier', level: 'warn', msg: 'outside' });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('run_id');
    expect(typeof lines[0]?.['time']).toBe('string');
  });

  it('honours the level', () => {
    const { lines, stream } = collector();
    const logger = createLogger({ service: 's', level: 'warn', destination: stream });
    logger.info('dropped');
    logger.error('kept');
    expect(lines.map((l) => l['msg'])).toEqual(['kept']);
  });

  it('keeps the run id across awaits and only inside the run', async () => {
    const seen = await runContext.run('run-1', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentRunId();
    });
    expect(seen).toBe('run-1');
    expect(currentRunId()).toBeUndefined();
  });
});

describe('NestLoggerAdapter', () => {
  it('maps Nest calls to pino levels with the context, stack and ids', () => {
    const { lines, stream } = collector();
    const nest = new NestLoggerAdapter(createLogger({ service: 'graph-miner', level: 'trace', destination: stream }));
    runContext.run('run-9', () => nest.log('Mapped {/healthz, GET} route', 'RouterExplorer'));
    nest.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'ExceptionHandler');
    nest.verbose({ event: 'tick' }, 'Scheduler');
    nest.error(new Error('bad'));
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'Mapped {/healthz, GET} route', context: 'RouterExplorer', run_id: 'run-9' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'boom', context: 'ExceptionHandler' });
    expect(lines[1]?.['stack']).toContain('at x');
    expect(lines[2]).toMatchObject({ level: 'trace', event: 'tick', context: 'Scheduler' });
    expect(lines[3]).toMatchObject({ level: 'error', msg: 'bad' });
    expect((lines[3]?.['err'] as { message: string }).message).toBe('bad');
  });
});
