import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

const TRACER_NAME = '@astra/platform/telemetry';

/** The tracer Astra's own spans use. */
export function astraTracer() {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Runs `fn` inside a new active span: child of the current span, ended when `fn` settles, with the exception
 * recorded and status ERROR when it throws.
 */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => T | Promise<T>): Promise<T> {
  return astraTracer().startActiveSpan(name, { attributes }, (span) => settleSpan(span, () => fn(span)));
}

/** Runs `work` and ends `span` when it settles: status OK, or the exception recorded and status ERROR, rethrown. */
export async function settleSpan<T>(span: Span, work: () => T | Promise<T>): Promise<T> {
  try {
    const result = await work();
    span.setStatus({ code: SpanStatusCode.OK });
    return result;
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Method decorator: wraps the method in a span named `<Class>.<method>` (a use case's execute becomes
 * `<UseCase>.execute`). The decorated method returns a Promise.
 */
export function Traced(name?: string, attributes: Attributes = {}): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const original: unknown = descriptor.value;
    if (typeof original !== 'function') throw new Error('@Traced() decorates methods only');
    const className = typeof target === 'function' ? target.name : target.constructor.name;
    const spanName = name ?? `${className}.${String(propertyKey)}`;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      return withSpan(spanName, attributes, () => original.apply(this, args));
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    copyMetadata(original, wrapped);
    descriptor.value = wrapped as typeof descriptor.value;
    return descriptor;
  };
}

// Keeps decorator metadata (reflect-metadata) that other decorators put on the original method.
function copyMetadata(from: object, to: object): void {
  const reflect = Reflect as unknown as {
    getMetadataKeys?: (target: object) => unknown[];
    getMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (!reflect.getMetadataKeys || !reflect.getMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getMetadataKeys(from)) reflect.defineMetadata(key, reflect.getMetadata(key, from), to);
}
