import { createHash } from 'node:crypto';
import { BusError, type ArtifactRef } from '@astra/contracts';

/** Content-addressed storage for large payloads; messages carry the ArtifactRef instead of the bytes. */
export abstract class ArtifactStore {
  /** Stores bytes (or UTF-8 text) under `sha256/<hex>`; storing the same content again uploads nothing. */
  abstract put(content: Uint8Array | string, contentType?: string): Promise<ArtifactRef>;
  /** The bytes of an artifact, checked against its hash (BusError NOT_FOUND or VALIDATION_FAILED). */
  abstract get(ref: ArtifactRef): Promise<Uint8Array>;
  /** Whether the artifact is stored. */
  abstract has(ref: ArtifactRef): Promise<boolean>;

  /** The artifact decoded as UTF-8. */
  async getText(ref: ArtifactRef): Promise<string> {
    return new TextDecoder().decode(await this.get(ref));
  }
}

/** Bytes of the content, text encoded as UTF-8. */
export function toBytes(content: Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The reference of some content. */
export function artifactRef(bytes: Uint8Array, contentType?: string): ArtifactRef {
  const sha256 = sha256Hex(bytes);
  return { key: `sha256/${sha256}`, sha256, size: bytes.byteLength, ...(contentType ? { contentType } : {}) };
}

/** Fails unless `bytes` are what `ref` names. */
export function verifyArtifact(ref: ArtifactRef, bytes: Uint8Array): Uint8Array {
  const actual = sha256Hex(bytes);
  if (actual !== ref.sha256 || ref.key !== `sha256/${ref.sha256}`) {
    throw new BusError('VALIDATION_FAILED', `artifact ${ref.key} does not match its hash (got sha256 ${actual})`);
  }
  return bytes;
}

/** An artifact store in memory, for unit tests. */
export class InMemoryArtifactStore extends ArtifactStore {
  readonly objects = new Map<string, Uint8Array>();
  uploads = 0;

  async put(content: Uint8Array | string, contentType?: string): Promise<ArtifactRef> {
    const bytes = toBytes(content);
    const ref = artifactRef(bytes, contentType);
    if (!this.objects.has(ref.key)) {
      this.objects.set(ref.key, new Uint8Array(bytes));
      this.uploads += 1;
    }
    return ref;
  }

  async get(ref: ArtifactRef): Promise<Uint8Array> {
    const bytes = this.objects.get(ref.key);
    if (!bytes) throw new BusError('NOT_FOUND', `artifact ${ref.key} is not stored`);
    return verifyArtifact(ref, bytes);
  }

  async has(ref: ArtifactRef): Promise<boolean> {
    return this.objects.has(ref.key);
  }
}
