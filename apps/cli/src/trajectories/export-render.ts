import type { SftFormat } from '@astra/contracts';
import type { ExportedLine } from './export-files';

/** What an export wrote: the files and their line counts. */
export function renderExportSummary(
  format: SftFormat,
  records: readonly ExportedLine[],
  paths: { train: string; validation: string },
): string {
  const train = records.filter((r) => r.split === 'train').length;
  const validation = records.length - train;
  const lines = [
    `${records.length} trajectory(ies) exported as ${format}: ${train} train → ${paths.train}, ${validation} validation → ${paths.validation}`,
  ];
  if (records.length === 0) lines.push('nothing accepted to export: see astra trajectories ls --verdict rejected');
  return lines.join('\n');
}
