import { isUuid, uuidV7 } from './uuid-v7.js';

const SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('has the canonical lower-case 8-4-4-4-12 shape', () => {
    expect(uuidV7()).toMatch(SHAPE);
  });

  it('sets the version nibble to 7 and the variant bits to 10', () => {
    for (let i = 0; i < 200; i += 1) {
      const id = uuidV7();
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
    }
  });

  it('encodes the millisecond timestamp in the first 48 bits', () => {
    const now = Date.UTC(2024, 4, 17, 10, 30, 0, 123);
    const id = uuidV7(now);
    const hex = id.replace(/-/g, '').slice(0, 12);
    expect(Number.parseInt(hex, 16)).toBe(now);
  });

  it('sorts by creation time across milliseconds', () => {
    const start = Date.UTC(2024, 0, 1);
    const ids = Array.from({ length: 50 }, (_, i) => uuidV7(start + i));
    expect([...ids].sort()).toEqual(ids);
    expect([...ids].reverse().sort()).toEqual(ids);
  });

  it('sorts correctly across a carry in the timestamp bytes', () => {
    expect(uuidV7(0xff_ffff) < uuidV7(0x100_0000)).toBe(true);
  });

  it('sorts in creation order within one millisecond too, and when the clock steps back a little', () => {
    const now = Date.UTC(2025, 0, 1);
    const ids = [...Array.from({ length: 5_000 }, () => uuidV7(now)), uuidV7(now - 3), uuidV7(now)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is random within one millisecond', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1_000 }, () => uuidV7(now)));
    expect(ids.size).toBe(1_000);
  });

  it('is recognised by isUuid', () => {
    expect(isUuid(uuidV7())).toBe(true);
  });
});

describe('isUuid', () => {
  it('accepts version 4 and 7 UUIDs in either case', () => {
    expect(isUuid('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBe(true);
    expect(isUuid('F47AC10B-58CC-4372-A567-0E02B2C3D479')).toBe(true);
    expect(isUuid('01890a5d-ac96-774b-bcce-b302099a8057')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no dashes', 'f47ac10b58cc4372a5670e02b2c3d479'],
    ['one character short', 'f47ac10b-58cc-4372-a567-0e02b2c3d47'],
    ['a non-hex character', 'g47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['version 0', 'f47ac10b-58cc-0372-a567-0e02b2c3d479'],
    ['version 9', 'f47ac10b-58cc-9372-a567-0e02b2c3d479'],
    ['the wrong variant', 'f47ac10b-58cc-4372-c567-0e02b2c3d479'],
    ['surrounding spaces', ' f47ac10b-58cc-4372-a567-0e02b2c3d479 '],
    ['SQL', "1' OR '1'='1"],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
  ])('rejects %s', (_label, value) => {
    expect(isUuid(value)).toBe(false);
  });
});
