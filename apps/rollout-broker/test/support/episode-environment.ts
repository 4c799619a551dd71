import { createHash } from 'node:crypto';
import { EnvironmentRecordSchema, type EnvironmentRecord, type EnvTool } from '@astra/contracts';
import type { DistractorTool } from '../../src/episodes/episode.types';

const CAPITALS = `def capital_of(country):
    table = {"france": "Paris", "japan": "Tokyo", "peru": "Lima"}
    key = str(country).strip().lower()
    if key not in table:
        raise ValueError("unknown country: " + str(country))
    LOOKED_UP.add(table[key].lower())
    return {"capital": table[key]}
`;

const POPULATIONS = `def population_of(city):
    table = {"paris": 2102650, "tokyo": 13960000, "lima": 10092000}
    key = str(city).strip().lower()
    if key not in table:
        raise ValueError("unknown city: " + str(city))
    # Session state: a city is known only once its country's capital was looked up (so a lost session shows).
    if key not in LOOKED_UP:
        return {"error": "unknown city: look its country up first"}
    return {"population": table[key]}
`;

const RIVERS = `def river_of(city):
    return {"river": {"paris": "Seine"}.get(str(city).lower(), "unknown")}
`;

function tool(name: string, description: string, arg: string, code: string): EnvTool {
  return {
    name,
    description,
    parameters: { type: 'object', properties: { [arg]: { type: 'string' } }, required: [arg] },
    language: 'python',
    code,
    badCalls: [],
  };
}

/** A hand-made two-hop environment: the capital of France, then its population (Python tools sharing session state). */
export function capitalPopulationEnvironment(): EnvironmentRecord {
  const content = {
    schemaVersion: 1 as const,
    language: 'en' as const,
    domain: 'geography',
    scenarioType: 'multi-hop' as const,
    prompt: 'What is the population of the capital of France?',
    setup: 'LOOKED_UP = set()\n',
    tools: [
      tool('capital_of', 'The capital city of a country.', 'country', CAPITALS),
      tool('population_of', 'The population of a city.', 'city', POPULATIONS),
    ],
    subTasks: [
      {
        id: 's1',
        question: 'What is the capital of France?',
        answer: 'Paris',
        dependsOn: [],
        hop: 1,
        toolNecessity: true,
        call: { tool: 'capital_of', arguments: { country: 'France' } },
      },
      {
        id: 's2',
        question: 'What is the population of Paris?',
        answer: '2102650',
        dependsOn: ['s1'],
        hop: 2,
        toolNecessity: true,
        call: { tool: 'population_of', arguments: { city: 'Paris' } },
      },
    ],
    finalAnswer: '2102650',
    lineage: { strategy: 'kb' as const, inputs: [], seed: 1, entities: ['France', 'Paris'] },
  };
  const id = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return EnvironmentRecordSchema.parse({
    ...content,
    id,
    verification: { passed: true, checks: [], checkedAt: '2026-01-01T00:00:00.000Z' },
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

/** A distractor from another environment (its code runs in the episode's session too). */
export function riverDistractor(): DistractorTool {
  return { environmentId: 'f'.repeat(64), band: 'medium', tool: tool('river_of', 'The river a city lies on.', 'city', RIVERS) };
}
