import { TRAJECTORY_LLM_CLIENT } from '../llm/traj-llm';
import type { Provider } from '@nestjs/common';
import { MessageBus } from '@astra/platform/bus';
import type { LlmClient } from '@astra/platform/llm';
import { loadMcpServerAllowList } from '@astra/platform/mcp';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig } from '../trajectory-synth.config';
import { CompiledToolExecutor } from './compiled/compiled-tool.executor';
import { McpToolExecutor } from './mcp/mcp-tool.executor';
import { SimulatedToolExecutor } from './simulated/simulated-tool.executor';
import { BusTaskToolLookup } from './task-tools';
import { TOOL_EXECUTORS, type ToolExecutors } from './tool-executor';

/** The service's optional LlmClient (null without an LLM config), shared by every model role. */

/** The executors by kind under TOOL_EXECUTORS; needs TRAJECTORY_SYNTH_CONFIG, MessageBus and the LLM client token. */
export const EXECUTOR_PROVIDERS: Provider[] = [
  {
    provide: TOOL_EXECUTORS,
    inject: [TRAJECTORY_SYNTH_CONFIG, MessageBus, TRAJECTORY_LLM_CLIENT],
    useFactory: (config: TrajectorySynthConfig, bus: MessageBus, llm: LlmClient | null): ToolExecutors => {
      const allowList = loadMcpServerAllowList({
        file: config.MCP_SERVERS,
        inline: config.MCP_SERVERS_JSON,
        builtIns: config.MCP_BUILTIN_SERVERS,
        dataDir: config.ASTRA_DATA_DIR,
        service: 'trajectory-synth',
      });
      return {
        mcp: new McpToolExecutor(allowList, config.MCP_TIMEOUT_MS),
        compiled: new CompiledToolExecutor(bus),
        simulated: new SimulatedToolExecutor(new BusTaskToolLookup(bus), llm),
      };
    },
  },
];
