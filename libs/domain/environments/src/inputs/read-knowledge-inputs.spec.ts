import { InputFileError } from './input-issues';
import { detectKnowledgeFileKind, readKnowledgeInputs } from './read-knowledge-inputs';

const domainsJsonl = '{"domain": "AI", "knowledge_corpus": ""}\n{"domain": "Gaming", "knowledge_corpus": ""}\n';
const questionsJsonl = '{"question": "Book a flight to Oslo.", "domain": "flights"}\n';
const contextJson = JSON.stringify([{ domain: 'Travel', knowledge_corpus: 'Trains run hourly.' }]);
const taxonomyJson = JSON.stringify({ weather: { weather: { description: 'Query weather', examples: [{ query: 'Rain?' }] } } });

describe('detectKnowledgeFileKind', () => {
  it('tells each kind by shape', () => {
    expect(detectKnowledgeFileKind(domainsJsonl)).toBe('domains');
    expect(detectKnowledgeFileKind(questionsJsonl)).toBe('questions');
    expect(detectKnowledgeFileKind(contextJson)).toBe('context');
    expect(detectKnowledgeFileKind(taxonomyJson)).toBe('taxonomy');
    expect(detectKnowledgeFileKind('\n\n')).toBeUndefined();
    expect(detectKnowledgeFileKind('{"name": "x"}\n{"name": "y"}')).toBeUndefined();
  });
});

describe('readKnowledgeInputs', () => {
  it('reads every kind whatever the file is called', () => {
    const inputs = readKnowledgeInputs([
      { name: 'a.txt', text: domainsJsonl },
      { name: 'b.json', text: questionsJsonl },
      { name: 'c.data', text: contextJson },
      { name: 'd', text: taxonomyJson },
    ]);
    expect(inputs.files).toEqual([
      { name: 'a.txt', kind: 'domains', records: 2 },
      { name: 'b.json', kind: 'questions', records: 1 },
      { name: 'c.data', kind: 'context', records: 1 },
      { name: 'd', kind: 'taxonomy', records: 1 },
    ]);
    expect(inputs.domains.map((d) => d.domain)).toEqual(['AI', 'Gaming', 'Travel', 'weather / weather']);
    expect(inputs.questions).toEqual([{ question: 'Book a flight to Oslo.', domain: 'flights' }]);
  });

  it('reports the problems of all files at once, by file and line', () => {
    let caught: unknown;
    try {
      readKnowledgeInputs([
        { name: 'q.jsonl', text: `${questionsJsonl}{"question": "no domain"}\n` },
        { name: 'odd.jsonl', text: '{"name": "x"}\n{"name": "y"}' },
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputFileError);
    const message = (caught as Error).message;
    expect(message).toContain('q.jsonl:2: "domain" is missing or empty');
    expect(message).toContain('odd.jsonl: cannot tell what this file holds');
  });
});
