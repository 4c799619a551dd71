import type { FactoryProvider } from '@nestjs/common';
import { AGENTS, type Agents } from './agent';
import { AGENT_PROVIDERS } from './agent.providers';
import { SYSTEM_AGENT_CLOCK } from './agent-clock';
import { AGENT_LLM_CLIENT, ModelAgent } from './model-agent';
import { OracleAgent } from './oracle-agent';

describe('AGENT_PROVIDERS', () => {
  it('build the AGENTS record by kind from both agents', () => {
    const record = AGENT_PROVIDERS.find(
      (p): p is FactoryProvider<Agents> => typeof p === 'object' && 'provide' in p && p.provide === AGENTS,
    );
    expect(record?.inject).toEqual([ModelAgent, OracleAgent]);
    const agents = record?.useFactory(new ModelAgent(null, SYSTEM_AGENT_CLOCK), new OracleAgent(SYSTEM_AGENT_CLOCK)) as Agents;
    expect(Object.entries(agents).map(([kind, agent]) => [kind, agent.kind])).toEqual([
      ['model', 'model'],
      ['oracle', 'oracle'],
    ]);
    expect(AGENT_PROVIDERS).toEqual(expect.arrayContaining([ModelAgent, OracleAgent]));
  });

  it('inject the LLM client the module provides', () => {
    expect(AGENT_LLM_CLIENT).toBe(Symbol.for('astra.trajectory-synth.llm-client'));
  });
});
