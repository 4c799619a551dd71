import { z } from 'zod';
import { defineCommand, defineEvent, defineRpc, SERVICE_NAMES } from './message-definition';
import { consumedBy, REGISTRY, validateRegistry, type AnyRegistry } from './registry';
import { deadLetterSubject, STREAMS } from './streams';

const payload = z.object({ id: z.string() });

/** True when a NATS subject matches a stream subject with `*` and `>` wildcards. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

describe('message definitions', () => {
  it('accept subjects that read astra.<kind>.<domain>.<entity>.<verb>.v<N>', () => {
    expect(() =>
      defineEvent({
        key: 'a.b',
        subject: 'astra.event.tool-graph.chain.sampled.v2',
        stream: 'S',
        producers: [],
        consumers: [],
        payload,
        description: '',
      }),
    ).not.toThrow();
  });

  it.each([
    ['astra.command.catalog.import.requested.v1', 'kind differs from the definition'],
    ['astra.event.catalog.import.v1', 'missing the verb'],
    ['astra.event.catalog.import.done.v0', 'version 0'],
    ['astra.event.Catalog.import.done.v1', 'upper case'],
    ['event.catalog.import.done.v1', 'no astra prefix'],
  ])('reject %s (%s)', (subject) => {
    expect(() => defineEvent({ key: 'k', subject, stream: 'S', producers: [], consumers: [], payload, description: '' })).toThrow(
      /must read astra\.event\./,
    );
  });

  it('fill delivery defaults and keep overrides', () => {
    const def = defineCommand({
      key: 'k',
      subject: 'astra.command.x.y.z.v1',
      stream: 'S',
      producers: [],
      consumers: [],
      payload,
      description: '',
      delivery: { maxDeliver: 2 },
    });
    expect(def.delivery).toMatchObject({ maxDeliver: 2, ackWaitMs: 60_000 });
    expect(
      defineRpc({ key: 'r', subject: 'astra.rpc.x.y.z.v1', producers: [], consumers: [], payload, response: payload, description: '' })
        .timeoutMs,
    ).toBe(10_000);
  });
});

describe('validateRegistry', () => {
  const event = (key: string, subject: string) =>
    defineEvent({ key, subject, stream: 'S', producers: [], consumers: ['verifier'], payload, description: '' });

  it('rejects an entry whose key differs from its map key', () => {
    expect(() => validateRegistry({ 'a.b': event('a.c', 'astra.event.a.b.c.v1') })).toThrow(/declares key "a.c"/);
  });

  it('rejects two keys on one subject', () => {
    const registry: AnyRegistry = { one: event('one', 'astra.event.a.b.c.v1'), two: event('two', 'astra.event.a.b.c.v1') };
    expect(() => validateRegistry(registry)).toThrow(/declared by both "one" and "two"/);
  });

  it('rejects a command that two services consume', () => {
    const command = defineCommand({
      key: 'c',
      subject: 'astra.command.a.b.c.v1',
      stream: 'S',
      producers: [],
      consumers: ['verifier', 'env-compiler'],
      payload,
      description: '',
    });
    expect(() => validateRegistry({ c: command })).toThrow(/command "c" has consumers verifier, env-compiler/);
  });

  it('lists the keys a service consumes', () => {
    expect(consumedBy({ one: event('one', 'astra.event.a.b.c.v1') }, 'verifier')).toEqual(['one']);
    expect(consumedBy({ one: event('one', 'astra.event.a.b.c.v1') }, 'cli')).toEqual([]);
  });
});

describe('the system registry', () => {
  it('is valid', () => {
    expect(() => validateRegistry(REGISTRY)).not.toThrow();
  });

  it('puts every async message on a declared stream whose subjects cover it', () => {
    const streams = Object.values(STREAMS);
    for (const def of Object.values(REGISTRY as AnyRegistry)) {
      if (def.kind === 'rpc') continue;
      const stream = streams.find((s) => s.name === def.stream);
      expect({ key: def.key, stream: stream?.name }).toEqual({ key: def.key, stream: def.stream });
      expect({ key: def.key, covered: stream?.subjects.some((p) => matches(p, def.subject)) }).toEqual({ key: def.key, covered: true });
    }
  });

  it('names only known services as producers and consumers', () => {
    for (const def of Object.values(REGISTRY as AnyRegistry)) {
      for (const service of [...def.producers, ...def.consumers]) expect(SERVICE_NAMES).toContain(service);
    }
  });
});

describe('deadLetterSubject', () => {
  it('moves a subject under astra.dlq, which only the DLQ stream covers', () => {
    const dlq = deadLetterSubject('astra.command.catalog.import.requested.v1');
    expect(dlq).toBe('astra.dlq.command.catalog.import.requested.v1');
    expect(STREAMS.dlq.subjects.some((p) => matches(p, dlq))).toBe(true);
    expect(STREAMS.catalog.subjects.some((p) => matches(p, dlq))).toBe(false);
  });
});
