import { containsAnswer, normaliseAnswer, resultText } from './normalise-answer';

describe('normaliseAnswer / containsAnswer', () => {
  it('ignores case, whitespace and number formats', () => {
    expect(normaliseAnswer('  The  Capital is PARIS. ')).toBe('the capital is paris');
    expect(containsAnswer('population: 1,234,567 people', '1234567')).toBe(true);
    expect(containsAnswer('mass 12.0110 u', '12.011')).toBe(true);
    expect(containsAnswer('{"capital": "Paris"}', 'paris')).toBe(true);
  });

  it('matches whole words and numbers only', () => {
    expect(containsAnswer('area 312 km2', '12')).toBe(false);
    expect(containsAnswer('Parisian', 'Paris')).toBe(false);
    expect(containsAnswer('New York City', 'new york')).toBe(true);
    expect(containsAnswer('anything', '   ')).toBe(false);
  });

  it('flattens a JSON result into searchable text', () => {
    expect(resultText({ country: 'France', capitals: ['Paris'], population: 67_000_000 })).toBe(
      'country: France ; capitals: Paris ; population: 67000000',
    );
    expect(containsAnswer(resultText({ currency: { code: 'EUR' } }), 'eur')).toBe(true);
    expect(resultText(undefined, 'printed')).toBe('printed');
  });
});
