import { Verdict } from '../tool-graph.types';
import { backTranslationMatches, majorityVote } from './verdict.util';

const ok: Verdict = { status: 'accepted', reasons: [] };
const no: Verdict = { status: 'rejected', reasons: [{ message: 'bad step' }] };

describe('majorityVote', () => {
  it('accepts and rejects on a strict majority', () => {
    expect(majorityVote([ok, ok, no]).status).toBe('accepted');
    expect(majorityVote([no, no, ok]).status).toBe('rejected');
    expect(majorityVote([no, no, ok]).reasons).toContainEqual({ message: 'bad step' });
  });

  it('counts parse failures as unknown and never lets unknown tip to accepted', () => {
    expect(majorityVote([ok, { parseError: 'not json' }]).status).toBe('unknown');
    expect(majorityVote([ok, { parseError: 'x' }, { parseError: 'y' }]).status).toBe('unknown');
    expect(majorityVote([]).status).toBe('unknown');
  });
});

describe('backTranslationMatches', () => {
  it('accepts only an exact reconstruction', () => {
    expect(backTranslationMatches(['a', 'b'], [' a', 'b ']).status).toBe('accepted');
    expect(backTranslationMatches(['a', 'b'], ['b', 'a']).reasons[0]).toMatchObject({ step: 0 });
    expect(backTranslationMatches(['a', 'b'], ['a']).status).toBe('rejected');
    expect(backTranslationMatches(['a', 'b'], null).status).toBe('unknown');
  });
});
