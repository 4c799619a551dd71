import { type Context, SpanKind, context, trace } from '@opentelemetry/api';
import type { Command } from 'commander';
import { astraTracer, settleSpan } from '@astra/platform/telemetry';

/** The command's words from the program down, e.g. `astra catalog import`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/**
 * Parses and runs the command line under one span, child of `parent`. The span is started before parsing so that
 * everything the action sends is inside it; once commander has picked the action it is renamed `astra <command>` and
 * gets the run id that `startRun` fixes.
 */
export async function inCommandSpan(
  program: Command,
  parent: Context,
  startRun: () => string,
  parse: () => Promise<unknown>,
): Promise<void> {
  const span = astraTracer().startSpan(program.name(), { kind: SpanKind.INTERNAL }, parent);
  program.hook('preAction', (_program, action) => {
    span.updateName(commandPath(action));
    span.setAttribute('astra.run_id', startRun());
  });
  await settleSpan(span, () => context.with(trace.setSpan(parent, span), parse));
}
