import type { ExportStatistics, ExportSummary } from '@astra/domain/trajectories';
import { renderExportStatistics } from './export-render';

const summary = (over: Partial<ExportSummary> = {}): ExportSummary => ({
  conversations: 3,
  messages: { mean: 6.333, min: 5, max: 9 },
  calls: { mean: 2, min: 1, max: 4 },
  toolsUsed: { airport_of: 2, capital_of: 4 },
  scores: { buckets: [0, 0, 0, 0, 0, 0, 0, 1, 0, 4], unscored: 1, accepted: 3, rejected: 0, unjudged: 0 },
  ...over,
});

describe('renderExportStatistics', () => {
  const stats: ExportStatistics = {
    ...summary(),
    byExecutor: { compiled: summary({ conversations: 2 }), mcp: summary({ conversations: 1, calls: { mean: 3, min: 3, max: 3 } }) },
    byAgent: { oracle: summary() },
  };
  const text = renderExportStatistics(stats);

  it('gives messages and calls per conversation, tools by use, and the split by executor and agent', () => {
    expect(text).toContain('statistics: 3 conversation(s); messages 6.3 (5–9), calls 2.0 (1–4) per conversation');
    expect(text).toContain('tools used: capital_of 4, airport_of 2');
    expect(text).toContain('by executor: compiled 2 (2.0 calls), mcp 1 (3.0 calls); by agent: oracle 3 (2.0 calls)');
  });

  it('draws the judge-score histogram with the unscored apart', () => {
    expect(text).toContain(`  0.7–0.8  ${'#'.repeat(8)} 1`);
    expect(text).toContain(`  0.9–1.0  ${'#'.repeat(30)} 4`);
    expect(text).not.toContain('0.0–0.1');
    expect(text).toContain('  unscored  1 (rules mode');
  });

  it('cuts a long tool list', () => {
    const toolsUsed = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`t${String(i).padStart(2, '0')}`, i + 1]));
    const many = renderExportStatistics({ ...stats, toolsUsed });
    expect(many).toContain('tools used: t11 12, t10 11,');
    expect(many).toContain('… (12 tools)');
    expect(many).not.toContain('t00 1');
  });
});
