import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { BusError, type CheckpointRecord, type TrainingKind } from '@astra/contracts';
import { ArtifactStore } from '@astra/platform/bus';
import { TrainingRecords } from '../training/training-records';

/** 32 hex digits from (job, step): the same checkpoint gets the same id on every delivery. */
export function checkpointId(jobId: string, step: number): string {
  return createHash('sha256').update(`${jobId}\n${step}`).digest('hex').slice(0, 32);
}

/** A checkpoint file the worker wrote, with what its record needs. */
export interface SavedCheckpoint {
  readonly jobId: string;
  readonly kind: TrainingKind;
  readonly step: number;
  readonly path: string;
  readonly parentId: string | null;
  readonly dataHashes: readonly string[];
  readonly parameters: number;
}

/** Checkpoint files in the artifact store, with their records and lineage in the database. */
@Injectable()
export class CheckpointStore {
  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly records: TrainingRecords,
  ) {}

  /** Uploads the file, stores its record (the same (job, step) keeps its first record) and removes the local file. */
  async store(saved: SavedCheckpoint): Promise<CheckpointRecord> {
    const ref = await this.artifacts.put(await readFile(saved.path), 'application/x-astra-checkpoint');
    // The artifact store holds it now; a resumed run fetches it from there (the job folder stays small).
    await rm(saved.path, { force: true });
    const record: CheckpointRecord = {
      id: checkpointId(saved.jobId, saved.step),
      jobId: saved.jobId,
      kind: saved.kind,
      step: saved.step,
      version: `${saved.jobId}@${saved.step}`,
      parentId: saved.parentId,
      dataHashes: [...saved.dataHashes],
      location: { kind: 'artifact', ref },
      parameters: saved.parameters,
      createdAt: new Date().toISOString(),
    };
    await this.records.saveCheckpoint(record);
    return (await this.records.checkpoints.byId(record.id)) ?? record;
  }

  /** Writes the checkpoint's file into `dir` (from the artifact store) and returns its path. */
  async fetch(record: CheckpointRecord, dir: string): Promise<string> {
    if (record.location.kind !== 'artifact') {
      throw new BusError(
        'VALIDATION_FAILED',
        `checkpoint ${record.id} is on cluster storage (${record.location.uri}); the local worker loads only stored artifacts`,
      );
    }
    const path = join(dir, `restore-${record.id}.pt`);
    await mkdir(dir, { recursive: true });
    await writeFile(path, await this.artifacts.get(record.location.ref));
    return path;
  }

  /** A model source's checkpoint: a checkpoint id, or a training job id meaning that job's newest checkpoint. */
  async resolve(ref: string): Promise<CheckpointRecord> {
    const found = (await this.records.checkpoints.byId(ref)) ?? (await this.records.checkpoints.newest(ref));
    if (!found) throw new BusError('NOT_FOUND', `no checkpoint ${ref} (neither a checkpoint id nor a training job with checkpoints)`);
    return found;
  }

  /** The job's own newest checkpoint: where a resumed run starts. */
  newestOf(jobId: string): Promise<CheckpointRecord | undefined> {
    return this.records.checkpoints.newest(jobId);
  }
}
