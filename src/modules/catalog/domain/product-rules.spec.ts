import { InvalidProductError } from './catalog.errors.js';
import {
  MAX_PRICE_CENTS,
  MAX_STOCK,
  normaliseSku,
  validDescription,
  validName,
  validPrice,
  validStock,
} from './product-rules.js';

function fieldsOf(fn: () => unknown): Record<string, string[]> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidProductError);
    return (error as InvalidProductError).fields;
  }
  throw new Error('expected an InvalidProductError');
}

describe('normaliseSku', () => {
  it('trims and upper-cases', () => {
    expect(normaliseSku('  abc-123.x_y  ')).toBe('ABC-123.X_Y');
  });

  it('accepts a single letter or digit', () => {
    expect(normaliseSku('a')).toBe('A');
    expect(normaliseSku('7')).toBe('7');
  });

  it('accepts 64 characters and refuses 65', () => {
    expect(normaliseSku('a'.repeat(64))).toBe('A'.repeat(64));
    expect(() => normaliseSku('a'.repeat(65))).toThrow(InvalidProductError);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['starting with a dash', '-ABC'],
    ['starting with a dot', '.ABC'],
    ['starting with an underscore', '_ABC'],
    ['an inner space', 'AB C'],
    ['a slash', 'AB/C'],
    ['a non-ASCII letter', 'ÄBC'],
    // Letters that toUpperCase() would turn into ASCII: refused, not silently rewritten.
    ['a sharp s (upper-cases to SS)', 'ß'],
    ['a dotless i (upper-cases to I)', 'ı'],
    ['a ligature (upper-cases to FF)', 'ﬀ-1'],
  ])('refuses a SKU with %s', (_label, raw) => {
    expect(Object.keys(fieldsOf(() => normaliseSku(raw)))).toEqual(['sku']);
  });
});

describe('validName', () => {
  it('trims', () => {
    expect(validName('  Blue mug ')).toBe('Blue mug');
  });

  it('refuses empty and blank names', () => {
    expect(fieldsOf(() => validName(''))).toEqual({ name: ['must not be empty'] });
    expect(fieldsOf(() => validName('   '))).toEqual({ name: ['must not be empty'] });
  });

  it('accepts 200 characters and refuses 201', () => {
    expect(validName('n'.repeat(200))).toHaveLength(200);
    expect(fieldsOf(() => validName('n'.repeat(201)))).toEqual({ name: ['must be at most 200 characters long'] });
  });

  it('counts characters, not UTF-16 units, as the request validation and OpenAPI do', () => {
    expect(validName('😀'.repeat(200))).toBe('😀'.repeat(200));
    expect(fieldsOf(() => validName('😀'.repeat(201)))).toEqual({ name: ['must be at most 200 characters long'] });
  });
});

describe('validDescription', () => {
  it('keeps null as null', () => {
    expect(validDescription(null)).toBeNull();
  });

  it('turns an empty or blank description into null', () => {
    expect(validDescription('')).toBeNull();
    expect(validDescription('  \n ')).toBeNull();
  });

  it('trims a description', () => {
    expect(validDescription('  A mug. ')).toBe('A mug.');
  });

  it('accepts 2000 characters and refuses 2001', () => {
    expect(validDescription('d'.repeat(2000))).toHaveLength(2000);
    expect(Object.keys(fieldsOf(() => validDescription('d'.repeat(2001))))).toEqual(['description']);
  });
});

describe('validPrice', () => {
  it('accepts 0 and the maximum', () => {
    expect(validPrice(0)).toBe(0);
    expect(validPrice(MAX_PRICE_CENTS)).toBe(100_000_000);
  });

  it.each([-1, MAX_PRICE_CENTS + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (price) => {
    expect(Object.keys(fieldsOf(() => validPrice(price)))).toEqual(['priceCents']);
  });
});

describe('validStock', () => {
  it('accepts 0 and the maximum', () => {
    expect(validStock(0)).toBe(0);
    expect(validStock(MAX_STOCK)).toBe(1_000_000_000);
  });

  it.each([-1, MAX_STOCK + 1, 0.5, Number.NaN])('refuses %p', (stock) => {
    expect(Object.keys(fieldsOf(() => validStock(stock)))).toEqual(['stock']);
  });

  it('reports against the field name given', () => {
    expect(Object.keys(fieldsOf(() => validStock(-5, 'delta')))).toEqual(['delta']);
  });
});
