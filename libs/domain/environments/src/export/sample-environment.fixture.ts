import { EnvironmentRecordSchema, type EnvironmentRecord } from '@astra/contracts';

/** A valid two-hop environment for the export tests (parsed through the contract, so defaults are applied). */
export function sampleEnvironment(overrides: Partial<Record<keyof EnvironmentRecord, unknown>> = {}): EnvironmentRecord {
  return EnvironmentRecordSchema.parse({
    id: 'a'.repeat(64),
    language: 'en',
    domain: 'Geography',
    scenarioType: 'multi-hop',
    prompt: 'What is the capital of the country whose currency is the Krone?',
    tools: [
      {
        name: 'country_by_currency',
        description: 'Find the country that uses a currency.',
        parameters: { type: 'object', properties: { currency: { type: 'string', description: 'Currency name' } }, required: ['currency'] },
        code: 'def country_by_currency(currency):\n    return {"Krone": "Denmark"}.get(currency, "unknown currency")',
      },
      {
        name: 'capital_of',
        description: 'The capital city of a country.',
        parameters: { type: 'object', properties: { country: { type: 'string' } } },
        code: 'def capital_of(country):\n    return CAPITALS.get(country, "unknown country")',
      },
    ],
    setup: 'CAPITALS = {"Denmark": "Copenhagen"}',
    subTasks: [
      {
        id: 'q1',
        question: 'Which country uses the Krone?',
        answer: 'Denmark',
        hop: 1,
        toolNecessity: true,
        call: { tool: 'country_by_currency', arguments: { currency: 'Krone' } },
      },
      {
        id: 'q2',
        question: 'What is the capital of Denmark?',
        answer: 'Copenhagen',
        dependsOn: ['q1'],
        hop: 2,
        toolNecessity: true,
        call: { tool: 'capital_of', arguments: { country: 'Denmark' } },
      },
    ],
    finalAnswer: 'Copenhagen',
    lineage: { strategy: 'kb', inputs: [], seed: 1 },
    verification: { passed: true, checks: [], checkedAt: '2026-11-30T00:00:00.000Z' },
    createdAt: '2026-11-30T00:00:00.000Z',
    ...overrides,
  });
}
