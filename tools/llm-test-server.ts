// Runs the OpenAI-compatible LLM test server from the command line:
//   node -r @swc-node/register tools/llm-test-server.ts --port 8089 --rules rules.json [--host 127.0.0.1]
// rules.json holds { rules?, cassettes?, models?, embeddingDimensions? } (see libs/testing/src/llm-server).
// Prints one line `llm-test-server listening on <url>` once ready; stops on SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LlmTestServer, type LlmServerScript } from '../libs/testing/src/llm-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      rules: { type: 'string' },
    },
  });
  const script: LlmServerScript = values.rules ? (JSON.parse(readFileSync(values.rules, 'utf8')) as LlmServerScript) : {};
  const server = new LlmTestServer(script);
  const url = await server.start(Number(values.port), values.host);
  process.stdout.write(`llm-test-server listening on ${url}\n`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`llm-test-server: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
