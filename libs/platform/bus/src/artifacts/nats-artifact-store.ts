import { Objm, StorageType, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { BusError, type ArtifactRef } from '@astra/contracts';
import { notCreated } from '../nats/jetstream-topology';
import { ArtifactStore, artifactRef, toBytes, verifyArtifact } from './artifact-store';

/** Name of the object-store bucket, before the namespace prefix. */
export const ARTIFACT_BUCKET = 'ASTRA_ARTIFACTS';

/** Artifacts in a JetStream object store bucket. */
export class NatsArtifactStore extends ArtifactStore {
  private store?: Promise<ObjectStore>;

  /** `create: false` (a client such as the CLI) only opens a bucket that a service created. */
  constructor(
    private readonly nc: NatsConnection,
    readonly bucket: string,
    private readonly options: { create: boolean } = { create: true },
  ) {
    super();
  }

  async put(content: Uint8Array | string, contentType?: string): Promise<ArtifactRef> {
    const bytes = toBytes(content);
    const ref = artifactRef(bytes, contentType);
    const store = await this.open();
    const existing = await store.info(ref.key);
    if (existing && !existing.deleted) return ref;
    await store.putBlob({ name: ref.key, ...(contentType ? { metadata: { contentType } } : {}) }, bytes);
    return ref;
  }

  async get(ref: ArtifactRef): Promise<Uint8Array> {
    const bytes = await (await this.open()).getBlob(ref.key);
    if (!bytes) throw new BusError('NOT_FOUND', `artifact ${ref.key} is not stored`);
    return verifyArtifact(ref, bytes);
  }

  async has(ref: ArtifactRef): Promise<boolean> {
    const info = await (await this.open()).info(ref.key);
    return info !== null && !info.deleted;
  }

  /** Deletes the bucket (tests clean up with it). */
  async destroy(): Promise<void> {
    await (await this.open()).destroy();
    this.store = undefined;
  }

  /** Creates the bucket when it does not exist (a service, at connect), or checks that it exists (a client). */
  async ensureBucket(): Promise<void> {
    await this.open();
  }

  /** The bucket, opened once: created when missing unless `create` is false. */
  private open(): Promise<ObjectStore> {
    this.store ??= this.openBucket().catch((error: unknown) => {
      this.store = undefined;
      // nats.js rejects opening a missing bucket with this plain Error.
      if (!this.options.create && error instanceof Error && error.message === 'object store not found') {
        throw notCreated(`artifact bucket ${this.bucket}`, error);
      }
      throw new BusError('UNAVAILABLE', `artifact bucket ${this.bucket}: ${String(error)}`, { cause: error });
    });
    return this.store;
  }

  private openBucket(): Promise<ObjectStore> {
    const objm = new Objm(this.nc);
    return this.options.create ? objm.create(this.bucket, { storage: StorageType.File }) : objm.open(this.bucket);
  }
}
