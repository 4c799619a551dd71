import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPaths, writeExport } from './export-files';
import { renderExportSummary } from './export-render';

describe('exportPaths', () => {
  it('adds the split to the prefix, dropping a .jsonl ending', () => {
    expect(exportPaths('.data/sft')).toEqual({ train: '.data/sft.train.jsonl', validation: '.data/sft.validation.jsonl' });
    expect(exportPaths('out/sft.jsonl')).toEqual({ train: 'out/sft.train.jsonl', validation: 'out/sft.validation.jsonl' });
  });
});

describe('writeExport', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'astra-export-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each side to its file, one line per record, making the folder', () => {
    const records = [
      { split: 'train' as const, line: '{"a":1}' },
      { split: 'validation' as const, line: '{"b":2}' },
      { split: 'train' as const, line: '{"c":3}' },
    ];
    const paths = writeExport(join(dir, 'nested', 'sft'), records);
    expect(readFileSync(paths.train, 'utf8')).toBe('{"a":1}\n{"c":3}\n');
    expect(readFileSync(paths.validation, 'utf8')).toBe('{"b":2}\n');
    expect(renderExportSummary('openai', records, paths)).toContain('3 trajectory(ies) exported as openai: 2 train');
  });

  it('writes empty files when nothing was accepted, and says so', () => {
    const paths = writeExport(join(dir, 'none'), []);
    expect(readFileSync(paths.train, 'utf8')).toBe('');
    expect(renderExportSummary('trl', [], paths)).toContain('nothing accepted to export');
  });
});
