import { InputFileError } from './input-issues';
import { readContextFile, readDomainsJsonl, readQuestionsJsonl } from './knowledge-readers';

function problems(read: () => unknown): InputFileError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected a InputFileError');
}

describe('readDomainsJsonl', () => {
  it('reads ASTRA domains, an empty corpus meaning none, tolerating a BOM, CRLF and blank lines', () => {
    const text =
      '\uFEFF{"domain": "Search Engine", "knowledge_corpus": ""}\r\n\r\n{"domain": " Fintech ", "knowledge_corpus": "Payments move money."}\r\n';
    expect(readDomainsJsonl(text)).toEqual([{ domain: 'Search Engine' }, { domain: 'Fintech', knowledgeCorpus: 'Payments move money.' }]);
  });

  it('reports every bad line with its number in one error', () => {
    const text = [
      '{"domain": "ok"}',
      '[1, 2]',
      '{"domain": 3}',
      '{"knowledge_corpus": "no domain"}',
      '{not json',
      `{"domain": "${'d'.repeat(201)}"}`,
      `{"domain": "big", "knowledge_corpus": "${'c'.repeat(50_001)}"}`,
    ].join('\n');
    const error = problems(() => readDomainsJsonl(text, 'my-domains.jsonl'));
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [2, 'expected a JSON object, got an array'],
      [5, expect.stringMatching(/^not valid JSON/)],
      [3, '"domain" must be a string, got a number'],
      [4, '"domain" is missing or empty'],
      [6, '"domain" has 201 characters, more than the 200 allowed'],
      [7, '"knowledge_corpus" has 50001 characters, more than the 50000 allowed'],
    ]);
    expect(error.message).toContain('my-domains.jsonl:7: "knowledge_corpus" has 50001 characters');
  });

  it('caps the listed problems and counts the rest', () => {
    const error = problems(() => readDomainsJsonl(Array.from({ length: 25 }, () => '"x"').join('\n')));
    expect(error.issues).toHaveLength(20);
    expect(error.more).toBe(5);
    expect(error.message).toContain('... and 5 more');
  });
});

describe('readQuestionsJsonl', () => {
  it('reads question and domain, ignoring other fields', () => {
    const text = '{"question": "How much is a window seat?", "domain": "flights", "answer": "x"}\n';
    expect(readQuestionsJsonl(text)).toEqual([{ question: 'How much is a window seat?', domain: 'flights' }]);
  });

  it('refuses a line without a domain or with a blank question', () => {
    const error = problems(() => readQuestionsJsonl('{"question": "q"}\n{"question": "  ", "domain": "d"}'));
    expect(error.issues.map((i) => `${i.line}: ${i.message}`)).toEqual(['1: "domain" is missing or empty', '2: "question" is blank']);
  });
});

describe('readContextFile', () => {
  it('reads a JSON array, a single JSON object or JSONL', () => {
    const record = { domain: 'Weather', knowledge_corpus: 'Rain is water.' };
    const expected = [{ domain: 'Weather', knowledgeCorpus: 'Rain is water.' }];
    expect(readContextFile(JSON.stringify([record]))).toEqual(expected);
    expect(readContextFile(JSON.stringify(record, null, 2))).toEqual(expected);
    expect(readContextFile(`${JSON.stringify(record)}\n${JSON.stringify(record)}\n`)).toEqual([...expected, ...expected]);
  });

  it('needs a corpus, and names the array element at fault', () => {
    const error = problems(() => readContextFile(JSON.stringify([{ domain: 'a', knowledge_corpus: 'x' }, { domain: 'b' }, 7]), 'ctx.json'));
    expect(error.issues).toEqual([
      { file: 'ctx.json', at: '[2]', message: 'expected a JSON object, got a number' },
      { file: 'ctx.json', at: '[1]', message: '"knowledge_corpus" is missing or empty' },
    ]);
  });
});
