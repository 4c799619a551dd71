import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Command } from 'commander';
import { startTracing } from '@astra/platform/telemetry';
import { loadCliConfig } from './cli.config';
import { CliContext } from './cli-context';
import { inCommandSpan } from './command-span';

const PARENT = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };

describe('inCommandSpan', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({
    serviceName: 'cli',
    serviceVersion: 't',
    env: { TRACEPARENT: `00-${PARENT.traceId}-${PARENT.spanId}-01` },
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });

  afterAll(async () => {
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  function program(action: () => Promise<void>): Command {
    const root = new Command('astra').option('--run-id <id>').exitOverride();
    root.command('catalog').command('import').argument('[sources...]').action(action);
    root.command('version').action(() => undefined);
    return root;
  }

  it('runs the action inside one span named after the command, child of TRACEPARENT, with the run id', async () => {
    let active: string | undefined;
    const ctx = new CliContext(() => loadCliConfig({}));
    const cli = program(async () => {
      active = trace.getActiveSpan()?.spanContext().spanId;
    });
    const startRun = () => ctx.startRun(cli.opts<{ runId?: string }>().runId);
    await inCommandSpan(cli, tracing.rootContext, startRun, () =>
      cli.parseAsync(['catalog', 'import', 'x.jsonl', '--run-id', 'run-7'], { from: 'user' }),
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('astra catalog import');
    expect(span?.attributes['astra.run_id']).toBe('run-7');
    expect(span?.spanContext().traceId).toBe(PARENT.traceId);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT.spanId);
    expect(active).toBe(span?.spanContext().spanId);
    expect(ctx.startRun()).toBe('run-7');
  });

  it('records a failed command as an error', async () => {
    exporter.reset();
    const cli = program(async () => {
      throw new Error('no sources');
    });
    const parse = () => cli.parseAsync(['catalog', 'import'], { from: 'user' });
    await expect(inCommandSpan(cli, tracing.rootContext, () => 'run-1', parse)).rejects.toThrow('no sources');
    expect(exporter.getFinishedSpans()[0]?.status.message).toBe('no sources');
  });
});

describe('CliContext.startRun', () => {
  it('takes --run-id, else ASTRA_RUN_ID, else a new id, and keeps it for the invocation', () => {
    expect(new CliContext(() => loadCliConfig({ ASTRA_RUN_ID: 'env-run' })).startRun('flag-run')).toBe('flag-run');
    const fromEnv = new CliContext(() => loadCliConfig({ ASTRA_RUN_ID: 'env-run' }));
    expect(fromEnv.startRun()).toBe('env-run');
    expect(fromEnv.startRun('later')).toBe('env-run');
    const fresh = new CliContext(() => loadCliConfig({}));
    expect(fresh.startRun()).toMatch(/^[0-9a-f-]{36}$/);
    expect(new CliContext(() => loadCliConfig({})).startRun()).not.toBe(fresh.startRun());
  });

  it('refuses a run id that cannot travel in a header', () => {
    expect(() => loadCliConfig({ ASTRA_RUN_ID: 'a run' })).toThrow(/ASTRA_RUN_ID/);
  });
});
