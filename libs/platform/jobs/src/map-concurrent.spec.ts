import { mapConcurrent } from './map-concurrent';

/** A call that resolves or rejects when the test says so. */
function gate<T>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

describe('mapConcurrent', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    const gates = [0, 1, 2, 3, 4].map(() => gate<number>());
    const started: number[] = [];
    const done = mapConcurrent([0, 1, 2, 3, 4], 2, (item) => (started.push(item), gates[item]!.promise));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.open(10);
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1, 2]);
    for (const i of [4, 3, 2, 0]) gates[i]!.open(i * 10);
    expect(await done).toEqual([0, 10, 20, 30, 40]);
  });

  it('starts nothing new after an error, waits for the calls in flight, then throws the first error', async () => {
    const gates = [0, 1, 2, 3].map(() => gate<number>());
    const started: number[] = [];
    let settled = false;
    const done = mapConcurrent([0, 1, 2, 3], 2, (item) => (started.push(item), gates[item]!.promise)).finally(() => (settled = true));
    gates[0]!.fail(new Error('boom'));
    await new Promise(setImmediate);
    expect(settled).toBe(false);
    gates[1]!.open(1);
    await expect(done).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });

  it('handles an empty list', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
  });
});
