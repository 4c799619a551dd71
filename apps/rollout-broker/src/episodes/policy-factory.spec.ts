import { PolicySpecSchema, type WireMessage } from '@astra/contracts';
import { LlmTestServer } from '@astra/testing';
import { capitalPopulationEnvironment } from '../../test/support/episode-environment';
import { loadRolloutBrokerConfig } from '../rollout-broker.config';
import { PolicyClients } from './policy-clients';
import { PolicyFactory } from './policy-factory';
import type { PolicyTurnRequest } from './episode.types';

const SECRET = 'sk-very-secret-key';

describe('PolicyFactory', () => {
  const server = new LlmTestServer();
  let clients: PolicyClients;
  let factory: PolicyFactory;

  beforeAll(async () => {
    await server.start();
    clients = new PolicyClients(loadRolloutBrokerConfig({ ROLLOUT_POLICY_HOSTS: '127.0.0.1', ROLLOUT_POLICY_API_KEY: SECRET }));
    factory = new PolicyFactory(clients);
  });
  afterAll(async () => {
    await clients.onModuleDestroy();
    await server.stop();
  });

  it.each(['http://169.254.169.254/v1', 'http://localhost:8000/v1', 'https://evil.example.com/v1'])(
    'refuses an endpoint on a host that is not allowed (%s)',
    (baseUrl) => {
      const spec = PolicySpecSchema.parse({ kind: 'endpoint', baseUrl, model: 'm', version: 'v1' });
      let error: unknown;
      try {
        factory.create(spec);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('ROLLOUT_POLICY_HOSTS') });
      expect(JSON.stringify(error)).not.toContain(SECRET);
    },
  );

  it('asks for token data, caps max_tokens at the budget left, strips reasoning, and keeps what the server returns', async () => {
    server.setRules([
      {
        reply: {
          content: 'Paris.',
          reasoning_content: 'The capital is Paris.',
          logprobs: [
            { token: 'Paris', logprob: -0.1 },
            { token: '.', logprob: -0.2 },
          ],
          token_ids: [11, 12],
          prompt_token_ids: [1, 2, 3],
          usage: { prompt_tokens: 3, completion_tokens: 2 },
        },
      },
    ]);
    const spec = PolicySpecSchema.parse({
      kind: 'endpoint',
      baseUrl: server.baseUrl,
      model: 'm',
      version: 'v1',
      params: { max_tokens: 500 },
    });
    const policy = factory.create(spec);
    const messages: WireMessage[] = [
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Let me see.', reasoning_content: 'earlier thoughts' },
      { role: 'user', content: 'Well?' },
    ];
    const request: PolicyTurnRequest = {
      messages,
      tools: [],
      environment: capitalPopulationEnvironment(),
      episodeSeed: 1,
      turn: 1,
      history: [],
      tokensLeft: 120,
    };
    const turn = await policy.turn(request);
    expect(turn).toMatchObject({
      content: 'Paris.',
      reasoning: 'The capital is Paris.',
      usage: { inputTokens: 3, outputTokens: 2 },
      tokens: { promptTokenIds: [1, 2, 3], tokenIds: [11, 12], tokens: ['Paris', '.'], logprobs: [-0.1, -0.2] },
      message: { role: 'assistant', content: 'Paris.', reasoning_content: 'The capital is Paris.' },
    });
    const body = server.requests.at(-1)?.body ?? {};
    expect(body).toMatchObject({ model: 'm', max_tokens: 120, logprobs: true, return_token_ids: true });
    expect(JSON.stringify(body['messages'])).not.toContain('reasoning_content');
  });

  it('makes the oracle without a host', () => {
    expect(factory.create(PolicySpecSchema.parse({ kind: 'oracle' })).spec).toMatchObject({ kind: 'oracle', version: 'oracle' });
  });
});
