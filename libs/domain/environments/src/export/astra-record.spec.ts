import { AstraExportError, astraColumns, toAstraRecord } from './astra-record';
import { sampleEnvironment } from './sample-environment.fixture';

describe('toAstraRecord', () => {
  it('writes the prompt and the three JSON-encoded columns of ASTRA-RL, plus the answer', () => {
    const row = toAstraRecord(sampleEnvironment(), 'train');
    expect(row.prompt).toEqual([{ role: 'user', content: 'What is the capital of the country whose currency is the Krone?' }]);
    expect(JSON.parse(row.tool_schema)).toEqual([
      {
        type: 'function',
        function: {
          name: 'country_by_currency',
          description: 'Find the country that uses a currency.',
          parameters: {
            type: 'object',
            properties: { currency: { type: 'string', description: 'Currency name' } },
            required: ['currency'],
          },
        },
      },
      {
        type: 'function',
        function: {
          name: 'capital_of',
          description: 'The capital city of a country.',
          parameters: { type: 'object', properties: { country: { type: 'string' } } },
        },
      },
    ]);
    expect(JSON.parse(row.sub_qa_dict)).toEqual({ country_by_currency: ['Denmark'], capital_of: ['Copenhagen'] });
    expect(row.answer).toBe('Copenhagen');
    expect(row.extra_info).toMatchObject({ domain: 'Geography', scenario_type: 'Multi-Hop', split: 'train' });
    expect(row.extra_info.sub_questions['q2']).toEqual({
      sub_question: 'What is the capital of Denmark?',
      sub_answer: 'Copenhagen',
      dependency: ['q1'],
      hop: 2,
      tool_necessity: true,
      tool: 'capital_of',
      arguments: { country: 'Denmark' },
    });
  });

  it('puts the setup code in front of every tool, so each tool carries its initial state', () => {
    const dict = JSON.parse(toAstraRecord(sampleEnvironment()).tool_dict) as Record<string, string>;
    expect(Object.keys(dict)).toEqual(['country_by_currency', 'capital_of']);
    expect(dict['capital_of']).toBe(
      'CAPITALS = {"Denmark": "Copenhagen"}\n\ndef capital_of(country):\n    return CAPITALS.get(country, "unknown country")',
    );
    const bare = astraColumns(sampleEnvironment({ setup: undefined }));
    expect(bare.toolDict['country_by_currency']).toMatch(/^def country_by_currency/);
  });

  it('lists every answer of a merged tool, and leaves tool-free sub-tasks out of sub_qa_dict', () => {
    const env = sampleEnvironment();
    const merged = sampleEnvironment({
      subTasks: [
        ...env.subTasks,
        {
          id: 'q3',
          question: 'Capital of Sweden?',
          answer: 'Stockholm',
          hop: 1,
          toolNecessity: true,
          call: { tool: 'capital_of', arguments: { country: 'Sweden' } },
        },
        { id: 'q4', question: 'Are both in Scandinavia?', answer: 'yes', hop: 1, toolNecessity: false },
      ],
    });
    expect(astraColumns(merged).subQaDict).toEqual({ country_by_currency: ['Denmark'], capital_of: ['Copenhagen', 'Stockholm'] });
    expect(toAstraRecord(merged).extra_info.sub_questions['q4']).toEqual({
      sub_question: 'Are both in Scandinavia?',
      sub_answer: 'yes',
      dependency: [],
      hop: 1,
      tool_necessity: false,
    });
  });

  it('refuses JavaScript tools and a call to a tool the environment lacks', () => {
    const env = sampleEnvironment();
    const js = sampleEnvironment({ tools: [{ ...env.tools[0], language: 'javascript' }, env.tools[1]] });
    expect(() => toAstraRecord(js)).toThrow(AstraExportError);
    expect(() => toAstraRecord(js)).toThrow('these are not: country_by_currency');
    const broken = sampleEnvironment({ tools: [env.tools[1]] });
    expect(() => toAstraRecord(broken)).toThrow('sub-task q1 calls country_by_currency, which it does not have');
  });
});
