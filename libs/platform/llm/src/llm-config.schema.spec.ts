import fc from 'fast-check';
import { BusError } from '@astra/contracts';
import { loadLlmConfig } from './llm-config.schema';

// A config error is printed at boot and kept in logs: it must say what is wrong and where, never quote a key.
const KEY = 'sk-PLANTED-9c1f4e2a7b3d';

const config = {
  roles: {
    judge: { model: 'm', endpoints: [{ baseUrl: `https://proxy:${KEY}@llm.example/v1`, apiKey: KEY }] },
  },
};
const json = JSON.stringify(config);
const yaml = [
  'roles:',
  '  judge:',
  '    model: m',
  '    endpoints:',
  `      - baseUrl: https://proxy:${KEY}@llm.example/v1`,
  `        apiKey: ${KEY}`,
  '',
].join('\n');

/** Everything a log line could show of the error: message, details, cause. */
function failureText(inline: string): string | undefined {
  try {
    loadLlmConfig({ inline });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(BusError);
    const busError = error as BusError;
    return `${busError.message} ${JSON.stringify(busError.toJSON())} ${String(busError.cause)} ${busError.stack ?? ''}`;
  }
}

describe('LLM config errors never quote a key', () => {
  it.each([
    ['JSON missing a comma', json.replace(`"apiKey":"${KEY}"`, `"apiKey" "${KEY}"`)],
    ['JSON cut short', json.slice(0, json.indexOf(KEY) + 20)],
    ['JSON with a stray brace', json.replace(`"${KEY}"`, `"${KEY}"}`)],
    ['YAML with a bad indent', yaml.replace('        apiKey', '     apiKey')],
    ['YAML with an unclosed quote', yaml.replace(`apiKey: ${KEY}`, `apiKey: "${KEY}`)],
    ['YAML with the key as an undefined alias', yaml.replace(`apiKey: ${KEY}`, `apiKey: *${KEY}`)],
  ])('reports a syntax error by code and position, or by kind: %s', (_, text) => {
    const failure = failureText(text);
    expect(failure).toMatch(/not valid YAML\/JSON: ([A-Z_]+ at line \d+, column \d+|ReferenceError while reading it)/);
    expect(failure).not.toContain('PLANTED');
  });

  it.each([
    ['a role without a model', { roles: { judge: { ...config.roles.judge, model: '' } } }],
    ['a key of the wrong type', { roles: { judge: { model: 'm', endpoints: [{ baseUrl: 'http://h/v1', apiKey: { value: KEY } }] } } }],
    ['an invalid URL holding the key', { roles: { judge: { model: 'm', endpoints: [{ baseUrl: `notaurl ${KEY}`, apiKey: KEY }] } } }],
    ['a key as a role name', { roles: { [KEY]: { model: 'm', endpoints: [{ baseUrl: 'http://h/v1', apiKey: KEY }], kind: 'other' } } }],
    ['a key in the wrong place', { roles: { judge: { ...config.roles.judge, kind: KEY } } }],
  ])('reports an invalid config by path and redacts the key: %s', (_, document) => {
    const failure = failureText(JSON.stringify(document));
    expect(failure).toContain('invalid LLM config: roles.');
    expect(failure).not.toContain('PLANTED');
  });

  it('quotes no key whatever single edit breaks the config', () => {
    const edit = fc.record({
      text: fc.constantFrom(json, yaml),
      at: fc.nat(),
      insert: fc.constantFrom('', '"', "'", '{', '}', '[', ']', ':', ',', '\n', ' ', '!', '&', '*', '#', '|'),
    });
    fc.assert(
      fc.property(edit, fc.boolean(), ({ text, at, insert }, cut) => {
        const position = at % (text.length + 1);
        const broken = cut ? text.slice(0, position) : text.slice(0, position) + insert + text.slice(position);
        expect(failureText(broken) ?? '').not.toContain(KEY);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores tags it cannot resolve without printing them', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(loadLlmConfig({ inline: yaml.replace(`apiKey: ${KEY}`, `apiKey: !${KEY} x`) }).roles['judge']).toBeDefined();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('still loads a valid config with its key', () => {
    expect(loadLlmConfig({ inline: json }).roles['judge']?.endpoints[0]?.apiKey).toBe(KEY);
    expect(loadLlmConfig({ inline: yaml }).roles['judge']?.endpoints[0]?.apiKey).toBe(KEY);
  });
});
