import { ClientIdSchema, IdRefSchema, pageRequest } from './paging';
import { z } from 'zod';

describe('ids a client chooses', () => {
  it.each(['3f2b8c1e-8d4a-4c1e-9a57-0b1f2e3d4c5b', 'e2e-rebuild', 'imp_1.2:3', 'a'.repeat(200)])('accepts %s', (id) => {
    expect(ClientIdSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['a'.repeat(201), 'longer than its column'],
    ['has space', 'a space'],
    ['.hidden', 'a leading dot'],
    ['../etc', 'a path'],
    ['nul\u0000id', 'a NUL'],
  ])('refuses %j (%s)', (id) => {
    expect(ClientIdSchema.safeParse(id).success).toBe(false);
  });

  it('lets a lookup name any id that fits the column', () => {
    expect(IdRefSchema.safeParse('made before the rule').success).toBe(true);
    expect(IdRefSchema.safeParse('a'.repeat(201)).success).toBe(false);
  });
});

describe('pageRequest', () => {
  const schema = z.object(pageRequest(50, 100));
  it('defaults the limit and bounds it', () => {
    expect(schema.parse({})).toEqual({ limit: 50 });
    expect(schema.safeParse({ limit: 101 }).success).toBe(false);
    expect(schema.safeParse({ cursor: '' }).success).toBe(false);
  });
});
