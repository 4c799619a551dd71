// eslint-disable-next-line no-restricted-imports -- test cleanup of a namespace's streams; the bus exports no helper for it
import { jetstreamManager } from '@nats-io/jetstream';
// eslint-disable-next-line no-restricted-imports -- see above
import { connect } from '@nats-io/transport-node';

/** Deletes every stream (and object store) of a test namespace. */
export async function deleteNamespace(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.includes(`${namespace}_`)) names.push(name);
    for (const name of names) await jsm.streams.delete(name);
  } finally {
    await nc.drain();
  }
}
