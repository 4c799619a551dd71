import { toolDocument } from './tool-document';

describe('toolDocument', () => {
  it('joins the name as words, the description and each parameter with its description', () => {
    const text = toolDocument({
      name: 'get_capital_city',
      description: ' Returns the capital of a country. ',
      parameters: {
        type: 'object',
        properties: { country: { type: 'string', description: 'Country name, e.g. France' }, limit: { type: 'integer' } },
      },
    });
    expect(text).toBe('get capital city: Returns the capital of a country.\ncountry: Country name, e.g. France\nlimit');
  });

  it('has one line when the tool takes no parameters', () => {
    expect(toolDocument({ name: 'now', description: 'Current time', parameters: { type: 'object', properties: {} } })).toBe(
      'now: Current time',
    );
  });
});
