import type { SftFormat } from '@astra/contracts';
import type { ExportStatistics, ExportSummary } from '@astra/domain/trajectories';
import type { ExportedLine } from './export-files';

const f = (x: number, digits = 1) => x.toFixed(digits);
const TOP_TOOLS = 10;

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

function countsLine(s: ExportSummary): string {
  return `messages ${f(s.messages.mean)} (${s.messages.min}–${s.messages.max}), calls ${f(s.calls.mean)} (${s.calls.min}–${s.calls.max}) per conversation`;
}

/** The judge-score histogram: one bar per 0.1 bucket that holds any, and the unscored (rules mode, unknown dimensions). */
function histogramLines(s: ExportSummary): string[] {
  const widest = Math.max(1, ...s.scores.buckets);
  const bars = s.scores.buckets.flatMap((n, i) =>
    n === 0 ? [] : [`  ${f(i / 10)}–${f((i + 1) / 10)}  ${'#'.repeat(Math.max(1, Math.round((n / widest) * 30)))} ${n}`],
  );
  const unscored = s.scores.unscored > 0 ? [`  unscored  ${s.scores.unscored} (rules mode or an unknown dimension: no mean)`] : [];
  return ['judge mean scores:', ...(bars.length > 0 || unscored.length > 0 ? [...bars, ...unscored] : ['  -'])];
}

/** The export's statistics (exportStatistics of libs/domain/trajectories) in words. */
export function renderExportStatistics(stats: ExportStatistics): string {
  const tools = Object.entries(stats.toolsUsed).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const shown = tools.slice(0, TOP_TOOLS).map(([tool, n]) => `${tool} ${n}`);
  const more = tools.length > TOP_TOOLS ? `, … (${tools.length} tools)` : '';
  const groups = (by: Record<string, ExportSummary>) =>
    Object.entries(by)
      .map(([key, s]) => `${key} ${s.conversations} (${f(s.calls.mean)} calls)`)
      .join(', ') || '-';
  return [
    `statistics: ${stats.conversations} conversation(s); ${countsLine(stats)}`,
    `tools used: ${shown.join(', ') || '-'}${more}`,
    `by executor: ${groups(stats.byExecutor)}; by agent: ${groups(stats.byAgent)}`,
    ...histogramLines(stats),
  ].join('\n');
}
