import { InputFileError } from './input-issues';
import { readTaxonomy } from './taxonomy-reader';

describe('readTaxonomy', () => {
  it('makes one domain per leaf, named by its path, with description and examples as corpus', () => {
    const taxonomy = {
      weather: {
        forecast: {
          description: 'Query weather information',
          examples: [{ query: "What's the weather in Beijing today?" }, 'Will it rain?'],
        },
        alerts: { storms: { description: 'Storm warnings', examples: [] } },
      },
    };
    expect(readTaxonomy(`\uFEFF${JSON.stringify(taxonomy)}`)).toEqual([
      {
        domain: 'weather / forecast',
        knowledgeCorpus: "Query weather information\nExamples:\n- What's the weather in Beijing today?\n- Will it rain?",
      },
      { domain: 'weather / alerts / storms', knowledgeCorpus: 'Storm warnings' },
    ]);
  });

  it('reports malformed leaves and categories by path', () => {
    const taxonomy = { a: { b: { description: 5, examples: [] }, c: 'not a node', d: { description: 'ok', examples: 'nope' } } };
    let caught: unknown;
    try {
      readTaxonomy(JSON.stringify(taxonomy), 'tax.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputFileError);
    expect((caught as InputFileError).issues.map((i) => `${i.at}: ${i.message}`)).toEqual([
      'a / b: a leaf needs a non-empty "description" string, got a number',
      'a / c: expected an object (a category, or a leaf with "description" and "examples"), got a string',
      'a / d: "examples" must be an array, got a string',
    ]);
  });

  it('refuses text that is not JSON and a taxonomy without leaves', () => {
    expect(() => readTaxonomy('{"a": ')).toThrow('tax');
    expect(() => readTaxonomy('{"a": {}}', 'empty.json')).toThrow('empty.json: the taxonomy has no leaves');
  });

  it('refuses a corpus over the contract limit', () => {
    const taxonomy = { big: { description: 'x'.repeat(50_001), examples: [] } };
    expect(() => readTaxonomy(JSON.stringify(taxonomy))).toThrow('more than the 50000 allowed');
  });
});
