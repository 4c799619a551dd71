import fc from 'fast-check';
import { splitWords, tokenize } from './tokenize.util';
import { cpuMsOf } from '@astra/testing';

// The former implementation, kept only as the oracle for equivalence: its second pattern backtracks over every run
// of capitals, so it is run here on short strings alone.
function regexSplitWords(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^a-z0-9]+/).filter((w) => w.length > 0 && !/^[0-9]+$/.test(w));
}

/**
 * The CPU time of one synchronous call, in milliseconds: how long it holds the event loop on an idle machine.
 * Wall time is not used: on a shared machine it grows with every other process (5x at a load of 10 on 2 cores).
 */

// The stall threshold. Texts of one to two times the catalog's description limit take the scan a few
// milliseconds of CPU and took the former expression 0.15 to 0.55 s (300 KB: 88 s), so the bound tells them apart.
const STALL_MS = 100;

describe('splitWords', () => {
  it.each([
    ['getUserByID', ['get', 'user', 'by', 'id']],
    ['HTMLParser', ['html', 'parser']],
    ['parseHTTPResponse2XX', ['parse', 'http', 'response2', 'xx']],
    ['snake_case-and kebab', ['snake', 'case', 'and', 'kebab']],
    ['v2API', ['v2', 'api']],
    ['ÉtatCivil ÀB', ['tat', 'civil', 'b']],
  ])('splits %s', (text, words) => {
    expect(splitWords(text)).toEqual(words);
  });

  it('gives the same words as the former regular expressions on any text', () => {
    const char = fc.constantFrom('a', 'b', 'A', 'B', 'Z', 'z', '0', '9', ' ', '_', '-', 'É', 'é', 'İ', '\n');
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 40 }).map((cs) => cs.join('')),
        (text) => {
          expect(splitWords(text)).toEqual(regexSplitWords(text));
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (text) => expect(splitWords(text)).toEqual(regexSplitWords(text))),
      { numRuns: 200 },
    );
  });

  it('stays linear on long runs of capitals, the input that froze graph-miner', () => {
    fc.assert(
      fc.property(fc.constantFrom('A', 'AB ', 'ABc', 'aB', 'A1'), fc.integer({ min: 16_384, max: 32_768 }), (unit, chars) => {
        const text = unit.repeat(Math.ceil(chars / unit.length));
        expect(cpuMsOf(() => tokenize(text))).toBeLessThan(STALL_MS);
      }),
      { numRuns: 10 },
    );
  });
});
