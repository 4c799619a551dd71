const BARS = '▁▂▃▄▅▆▇█';

/**
 * Values as one line of block characters, lowest value lowest bar. Longer series are cut into `width` buckets of
 * consecutive values, each drawn at its mean, so a curve of thousands of steps still fits a terminal line.
 */
export function sparkline(values: readonly number[], width = 60): string {
  const points = bucketMeans(values, width);
  if (points.length === 0) return '';
  const low = Math.min(...points);
  const span = Math.max(...points) - low;
  return points.map((value) => BARS[span === 0 ? 0 : Math.min(BARS.length - 1, Math.floor(((value - low) / span) * BARS.length))]).join('');
}

/** At most `buckets` means of consecutive values (the values themselves when they fit). */
export function bucketMeans(values: readonly number[], buckets: number): number[] {
  if (values.length <= buckets) return [...values];
  return Array.from({ length: buckets }, (_, i) => {
    const slice = values.slice(Math.floor((i * values.length) / buckets), Math.floor(((i + 1) * values.length) / buckets));
    return slice.reduce((sum, value) => sum + value, 0) / slice.length;
  });
}

/** Means of consecutive runs of `size` values (the last run may be shorter). */
export function chunkMeans(values: readonly number[], size: number): number[] {
  const runs = Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size));
  return runs.map((run) => run.reduce((sum, value) => sum + value, 0) / run.length);
}
