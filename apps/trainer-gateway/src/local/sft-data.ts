import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';

/** An SFT job's data as files in its folder, with their content hashes (the checkpoints' dataHashes). */
export interface SftFiles {
  readonly train: string;
  readonly validation: string | null;
  readonly hashes: readonly string[];
  readonly trainLines: number;
  readonly validationLines: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Fetches the trajectory jobs' export (openai format) from trajectory-synth into sft.train.jsonl and
 * sft.validation.jsonl, once per job: sft.json, written last, makes a redelivery or a restarted worker train on the
 * same data (the worker's batch order is seeded by the data it reads).
 */
@Injectable()
export class SftData {
  constructor(private readonly bus: MessageBus) {}

  async prepare(trajectoryJobs: readonly string[], dir: string): Promise<SftFiles> {
    const manifest = join(dir, 'sft.json');
    const prepared = await readFile(manifest, 'utf8').then(
      (text) => JSON.parse(text) as SftFiles,
      () => undefined,
    );
    if (prepared) return prepared;
    const files = await this.fetch(trajectoryJobs, dir);
    await writeFile(manifest, JSON.stringify(files));
    return files;
  }

  private async fetch(trajectoryJobs: readonly string[], dir: string): Promise<SftFiles> {
    const lines = { train: [] as string[], validation: [] as string[] };
    for (const jobId of trajectoryJobs) {
      let cursor: string | undefined;
      do {
        const page = await this.bus.request('trajectory-synth.trajectory.export', {
          jobId,
          format: 'openai',
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        for (const record of page.records) lines[record.split].push(record.line);
        cursor = page.nextCursor;
      } while (cursor);
    }
    if (lines.train.length === 0) {
      throw new BusError('VALIDATION_FAILED', `trajectory jobs ${trajectoryJobs.join(', ')} exported no training trajectories`);
    }
    await mkdir(dir, { recursive: true });
    const train = `${lines.train.join('\n')}\n`;
    const trainPath = join(dir, 'sft.train.jsonl');
    await writeFile(trainPath, train);
    const validationPath = join(dir, 'sft.validation.jsonl');
    const validation = lines.validation.length > 0 ? `${lines.validation.join('\n')}\n` : '';
    await writeFile(validationPath, validation);
    return {
      train: trainPath,
      validation: validation ? validationPath : null,
      hashes: validation ? [sha256(train), sha256(validation)] : [sha256(train)],
      trainLines: lines.train.length,
      validationLines: lines.validation.length,
    };
  }
}
