import { v7 as uuidV7 } from 'uuid';

// Keyset pagination orders rows by their UUIDv7 id: ids one process makes must sort as they were made,
// also many within one millisecond (uuid's v7 counts up within a millisecond, RFC 9562 §6.2 method 1).
describe('UUIDv7 ids', () => {
  it('sort in the order they were made, thousands per millisecond included', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry version 7 and the RFC variant', () => {
    expect(uuidV7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
