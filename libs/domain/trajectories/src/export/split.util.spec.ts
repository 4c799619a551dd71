import { sampleTrajectory } from './export.fixture';
import { splitOf } from './split.util';

const taskIds = Array.from({ length: 400 }, (_, i) => i.toString(16).padStart(64, '0'));

describe('splitOf', () => {
  it('puts every trajectory of one task on the same side', () => {
    const trajectories = taskIds.flatMap((taskId, i) => [0, 1, 2].map((k) => sampleTrajectory({ taskId, id: `${i}-${k}` })));
    const sides = new Map<string, Set<string>>();
    for (const t of trajectories) {
      const side = sides.get(t.taskId) ?? new Set<string>();
      side.add(splitOf(t.taskId, 11, 0.2));
      sides.set(t.taskId, side);
    }
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
  });

  it('is stable for a seed and moves with another seed', () => {
    const first = taskIds.map((id) => splitOf(id, 11, 0.2));
    expect(taskIds.map((id) => splitOf(id, 11, 0.2))).toEqual(first);
    expect(taskIds.map((id) => splitOf(id, 12, 0.2))).not.toEqual(first);
  });

  it('sends about the asked fraction to validation, none at 0 and all at 1', () => {
    const validation = taskIds.filter((id) => splitOf(id, 11, 0.2) === 'validation').length;
    expect(validation).toBeGreaterThan(40);
    expect(validation).toBeLessThan(120);
    expect(taskIds.every((id) => splitOf(id, 11, 0) === 'train')).toBe(true);
    expect(taskIds.every((id) => splitOf(id, 11, 1) === 'validation')).toBe(true);
  });

  it('refuses a fraction outside 0..1', () => {
    expect(() => splitOf(taskIds[0] ?? '', 1, 1.5)).toThrow(RangeError);
    expect(() => splitOf(taskIds[0] ?? '', 1, Number.NaN)).toThrow(RangeError);
  });
});
