import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BusNaming } from '../core/bus-naming';

/**
 * Deletes every stream (and with them consumers and object stores) of a namespace: tears down a test world or a
 * retired deployment that shared the NATS server. Refuses an empty namespace, which would match everything.
 */
export async function deleteNamespace(servers: string, namespace: string): Promise<string[]> {
  if (!namespace) throw new Error('deleteNamespace needs a non-empty namespace');
  const prefix = new BusNaming(namespace).stream('');
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix) || name.startsWith(`OBJ_${prefix}`)) names.push(name);
    for (const name of names) await jsm.streams.delete(name);
    return names;
  } finally {
    await nc.drain();
  }
}
