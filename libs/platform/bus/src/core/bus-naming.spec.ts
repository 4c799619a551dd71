import { BusNaming } from './bus-naming';

describe('BusNaming', () => {
  it('prefixes subjects, streams, consumers and buckets with the namespace', () => {
    const naming = new BusNaming('prod-eu');
    expect(naming.subject('astra.event.a.b.c.v1')).toBe('prod-eu.astra.event.a.b.c.v1');
    expect(naming.stream('ASTRA_CATALOG')).toBe('prod-eu_ASTRA_CATALOG');
    expect(naming.bucket('ASTRA_ARTIFACTS')).toBe('prod-eu_ASTRA_ARTIFACTS');
  });

  it('shares one durable per command key and gives each service its own for events', () => {
    const naming = new BusNaming();
    expect(naming.consumer('command', 'catalog.import.requested', 'graph-miner')).toBe('cmd_catalog_import_requested');
    expect(naming.consumer('command', 'catalog.import.requested', 'verifier')).toBe('cmd_catalog_import_requested');
    expect(naming.consumer('event', 'catalog.import.completed', 'verifier')).toBe('evt_verifier_catalog_import_completed');
    expect(naming.subject('astra.event.a.b.c.v1')).toBe('astra.event.a.b.c.v1');
  });

  it('rejects a namespace that cannot be part of a subject or stream name', () => {
    expect(() => new BusNaming('a.b')).toThrow(/may contain only/);
    expect(() => new BusNaming('a b')).toThrow(/may contain only/);
  });
});
