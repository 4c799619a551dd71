import { budgetFor, checkDag, hopBudgetProblem, leafIds, scenarioTypeOf, scenarioTypesFor } from './decomposition-dag';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('checkDag', () => {
  it('computes hop levels: 1 without dependencies, else one more than the deepest dependency', () => {
    const dag = checkDag([node('c', 'a', 'b'), node('a'), node('b', 'a'), node('d')]);
    expect(dag.ok && Object.fromEntries(dag.hops)).toEqual({ a: 1, b: 2, c: 3, d: 1 });
  });

  it('names duplicate ids, unknown and self dependencies', () => {
    const dag = checkDag([node('a'), node('a'), node('b', 'zz'), node('c', 'c')]);
    expect(dag.ok).toBe(false);
    if (dag.ok) return;
    expect(dag.problems).toEqual([
      'the id "a" is used twice',
      '"b" depends on "zz", which is not the id of any sub-question',
      '"c" depends on itself',
    ]);
  });

  it('finds cycles', () => {
    const dag = checkDag([node('a', 'c'), node('b', 'a'), node('c', 'b'), node('d')]);
    expect(dag).toEqual({ ok: false, problems: ['the dependencies form a cycle among "a", "b", "c"'] });
  });
});

describe('scenario types and hop budgets', () => {
  const hops = (entries: [string, number][]) => new Map(entries);

  it('classifies by depth and by parallel levels', () => {
    expect(scenarioTypeOf(hops([['a', 1]]))).toBe('single-hop');
    expect(
      scenarioTypeOf(
        hops([
          ['a', 1],
          ['b', 1],
        ]),
      ),
    ).toBe('parallel-single-hop');
    expect(
      scenarioTypeOf(
        hops([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
      ),
    ).toBe('multi-hop');
    expect(
      scenarioTypeOf(
        hops([
          ['a', 1],
          ['b', 1],
          ['c', 2],
        ]),
      ),
    ).toBe('parallel-multi-hop');
  });

  it('offers the types a budget allows and narrows the budget to each', () => {
    expect(scenarioTypesFor({ min: 1, max: 1 })).toEqual(['single-hop', 'parallel-single-hop']);
    expect(scenarioTypesFor({ min: 2, max: 4 })).toEqual(['multi-hop', 'parallel-multi-hop']);
    expect(scenarioTypesFor({ min: 1, max: 3 })).toHaveLength(4);
    expect(budgetFor('parallel-single-hop', { min: 1, max: 3 })).toEqual({ min: 1, max: 1 });
    expect(budgetFor('multi-hop', { min: 1, max: 3 })).toEqual({ min: 2, max: 3 });
  });

  it('reports a depth outside the budget', () => {
    expect(
      hopBudgetProblem(
        hops([
          ['a', 1],
          ['b', 2],
        ]),
        { min: 2, max: 3 },
      ),
    ).toBeUndefined();
    expect(hopBudgetProblem(hops([['a', 1]]), { min: 2, max: 3 })).toBe(
      'the deepest sub-question is at hop 1, outside the requested hop budget of 2 to 3',
    );
  });

  it('finds the leaves: the nodes nothing depends on', () => {
    expect([...leafIds([node('a'), node('b', 'a'), node('c')])]).toEqual(['b', 'c']);
  });
});
