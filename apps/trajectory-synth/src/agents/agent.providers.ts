import type { Provider } from '@nestjs/common';
import { AGENTS, type Agents } from './agent';
import { AGENT_CLOCK, SYSTEM_AGENT_CLOCK } from './agent-clock';
import { ModelAgent } from './model-agent';
import { OracleAgent } from './oracle-agent';

/**
 * The agents and the AGENTS record by kind. The model agent needs the module's optional LlmClient under
 * Symbol.for('astra.trajectory-synth.llm-client') (AGENT_LLM_CLIENT); it refuses clearly when that is null.
 */
export const AGENT_PROVIDERS: Provider[] = [
  { provide: AGENT_CLOCK, useValue: SYSTEM_AGENT_CLOCK },
  ModelAgent,
  OracleAgent,
  {
    provide: AGENTS,
    useFactory: (model: ModelAgent, oracle: OracleAgent): Agents => ({ model, oracle }),
    inject: [ModelAgent, OracleAgent],
  },
];
