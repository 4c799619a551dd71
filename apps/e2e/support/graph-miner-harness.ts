import { ServiceHarness } from './service-harness';

/** graph-miner as a process, driven through the CLI (see ServiceHarness). */
export class GraphMinerHarness extends ServiceHarness {
  constructor() {
    super('graph-miner');
  }
}

/** Rows of a printed table: the cells of every line that starts with one of `names`. */
export function rowsOf(text: string, names: readonly string[]): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (cells[0] && names.includes(cells[0])) rows[cells[0]] = cells;
  }
  return rows;
}
