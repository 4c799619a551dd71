import { readChatCompletion, toChatResult } from './chat-response.parser';

const options = { requestModel: 'm', textToolCalls: false, cached: false, latencyMs: 1 };

describe('per-token data of a chat completion', () => {
  it('keeps token ids and log-probabilities when the server sends them (vLLM shape)', () => {
    const completion = readChatCompletion({
      prompt_token_ids: [1, 2, 3],
      choices: [
        {
          finish_reason: 'stop',
          message: { content: 'hi there' },
          token_ids: [7, 8],
          logprobs: {
            content: [
              { token: 'hi', logprob: -0.5, top_logprobs: [] },
              { token: ' there', logprob: -1.25 },
            ],
          },
        },
      ],
    });
    expect(toChatResult(completion, options).tokens).toEqual({
      promptTokenIds: [1, 2, 3],
      tokenIds: [7, 8],
      tokens: ['hi', ' there'],
      logprobs: [-0.5, -1.25],
    });
  });

  it('reads prompt token ids from the choice too', () => {
    const completion = readChatCompletion({ choices: [{ message: { content: 'x' }, prompt_token_ids: [4], token_ids: [5] }] });
    expect(toChatResult(completion, options).tokens).toEqual({ promptTokenIds: [4], tokenIds: [5] });
  });

  it('leaves tokens out when the server sends none', () => {
    const completion = readChatCompletion({ choices: [{ message: { content: 'x' }, logprobs: null }] });
    expect(toChatResult(completion, options)).not.toHaveProperty('tokens');
  });
});
