import { InsufficientStockError, InvalidProductError } from './catalog.errors.js';
import { Product } from './product.js';
import { MAX_STOCK } from './product-rules.js';
import { thrownBy } from '../../../../test/support/thrown-by.js';

const T0 = new Date('2024-01-01T00:00:00.000Z');
const T1 = new Date('2024-01-02T00:00:00.000Z');

type CreateInput = Parameters<typeof Product.create>[0];

function create(overrides: Partial<CreateInput> = {}): Product {
  return Product.create({
    id: 'p-1',
    sku: 'mug-01',
    name: 'Mug',
    description: 'A mug',
    priceCents: 1_250,
    stock: 10,
    now: T0,
    ...overrides,
  });
}

function invalidField(fn: () => unknown): string[] {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(InvalidProductError);
  return Object.keys((error as InvalidProductError).fields);
}

describe('Product.create', () => {
  it('builds a product with an upper-cased SKU and trimmed text', () => {
    const product = create({ sku: ' mug-01 ', name: '  Mug  ', description: '  A mug  ' });
    expect(product.snapshot()).toEqual({
      id: 'p-1',
      sku: 'MUG-01',
      name: 'Mug',
      description: 'A mug',
      priceCents: 1_250,
      stock: 10,
      createdAt: T0,
      updatedAt: T0,
    });
    expect(product.id).toBe('p-1');
    expect(product.priceCents).toBe(1_250);
    expect(product.stock).toBe(10);
  });

  it('stores a missing, null or blank description as null', () => {
    const { description: _omitted, ...withoutDescription } = {
      id: 'p-1',
      sku: 'A',
      name: 'A',
      description: 'x',
      priceCents: 1,
      stock: 1,
      now: T0,
    };
    expect(Product.create(withoutDescription).snapshot().description).toBeNull();
    expect(create({ description: null }).snapshot().description).toBeNull();
    expect(create({ description: '   ' }).snapshot().description).toBeNull();
  });

  it.each([
    ['sku', { sku: '' }],
    ['sku', { sku: '-lead' }],
    ['sku', { sku: 'has space' }],
    ['sku', { sku: 'x'.repeat(65) }],
    ['name', { name: ' ' }],
    ['name', { name: 'n'.repeat(201) }],
    ['description', { description: 'd'.repeat(2001) }],
    ['priceCents', { priceCents: -1 }],
    ['priceCents', { priceCents: 9.99 }],
    ['priceCents', { priceCents: 100_000_001 }],
    ['stock', { stock: -1 }],
    ['stock', { stock: 1.5 }],
    ['stock', { stock: MAX_STOCK + 1 }],
  ] as [string, Partial<CreateInput>][])('refuses a bad %s (%j)', (field, overrides) => {
    expect(invalidField(() => create(overrides))).toEqual([field]);
  });

  it('accepts a free product with no stock', () => {
    const product = create({ priceCents: 0, stock: 0 });
    expect(product.priceCents).toBe(0);
    expect(product.stock).toBe(0);
  });
});

describe('Product.edit', () => {
  it('returns the previous price when the price changes', () => {
    const product = create();
    expect(product.edit({ priceCents: 1_500 }, T1)).toEqual({ previousPriceCents: 1_250 });
    expect(product.priceCents).toBe(1_500);
    expect(product.snapshot().updatedAt).toBe(T1);
  });

  it('returns undefined when the price is set to its current value', () => {
    const product = create();
    expect(product.edit({ priceCents: 1_250 }, T1)).toBeUndefined();
    expect(product.priceCents).toBe(1_250);
  });

  it('returns undefined when only the name changes, and applies the trimmed name', () => {
    const product = create();
    expect(product.edit({ name: '  Big mug ' }, T1)).toBeUndefined();
    expect(product.snapshot().name).toBe('Big mug');
    expect(product.snapshot().description).toBe('A mug');
  });

  it('leaves fields that are not mentioned untouched', () => {
    const product = create();
    product.edit({}, T1);
    const { updatedAt, ...rest } = product.snapshot();
    expect(updatedAt).toBe(T1);
    expect(rest).toEqual({
      id: 'p-1',
      sku: 'MUG-01',
      name: 'Mug',
      description: 'A mug',
      priceCents: 1_250,
      stock: 10,
      createdAt: T0,
    });
  });

  it('clears the description when given null', () => {
    const product = create();
    product.edit({ description: null }, T1);
    expect(product.snapshot().description).toBeNull();
  });

  it('clears the description when given an empty string', () => {
    const product = create();
    product.edit({ description: '' }, T1);
    expect(product.snapshot().description).toBeNull();
  });

  it('does not change the SKU or stock', () => {
    const product = create();
    product.edit({ name: 'Other', priceCents: 1 }, T1);
    expect(product.snapshot().sku).toBe('MUG-01');
    expect(product.stock).toBe(10);
  });

  it('applies nothing when any change is invalid', () => {
    const product = create();
    const before = product.snapshot();
    expect(invalidField(() => product.edit({ name: 'Fine', priceCents: -5 }, T1))).toEqual(['priceCents']);
    expect(product.snapshot()).toBe(before);
  });

  it('refuses an empty name', () => {
    expect(invalidField(() => create().edit({ name: '' }, T1))).toEqual(['name']);
  });
});

describe('Product.adjustStock', () => {
  it('adds units', () => {
    const product = create({ stock: 10 });
    product.adjustStock(5, T1);
    expect(product.stock).toBe(15);
    expect(product.snapshot().updatedAt).toBe(T1);
  });

  it('removes units down to exactly zero', () => {
    const product = create({ stock: 10 });
    product.adjustStock(-10, T1);
    expect(product.stock).toBe(0);
  });

  it('refuses a zero delta', () => {
    const product = create();
    expect(invalidField(() => product.adjustStock(0, T1))).toEqual(['delta']);
    expect(product.stock).toBe(10);
  });

  it.each([0.5, -1.5, Number.NaN, MAX_STOCK + 1, -(MAX_STOCK + 1)])('refuses the delta %p', (delta) => {
    expect(invalidField(() => create().adjustStock(delta, T1))).toEqual(['delta']);
  });

  it('throws InsufficientStockError when going below zero, and changes nothing', () => {
    const product = create({ stock: 3 });
    const before = product.snapshot();
    const error = thrownBy(() => product.adjustStock(-4, T1));
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect((error as InsufficientStockError).code).toBe('catalog.insufficient-stock');
    expect((error as Error).message).toBe('Product p-1 has 3 in stock; 4 cannot be taken out.');
    expect(product.snapshot()).toBe(before);
    expect(product.stock).toBe(3);
  });

  it('accepts reaching MAX_STOCK exactly', () => {
    const product = create({ stock: MAX_STOCK - 1 });
    product.adjustStock(1, T1);
    expect(product.stock).toBe(MAX_STOCK);
  });

  it('refuses to go above MAX_STOCK, and changes nothing', () => {
    const product = create({ stock: MAX_STOCK });
    const before = product.snapshot();
    expect(invalidField(() => product.adjustStock(1, T1))).toEqual(['delta']);
    expect(product.snapshot()).toBe(before);
  });

  it('accepts the largest delta allowed', () => {
    const product = create({ stock: 0 });
    product.adjustStock(MAX_STOCK, T1);
    expect(product.stock).toBe(MAX_STOCK);
    product.adjustStock(-MAX_STOCK, T1);
    expect(product.stock).toBe(0);
  });
});

describe('Product.take and putBack', () => {
  it('takes units off the shelf and puts them back', () => {
    const product = create({ stock: 10 });
    product.take(4, T1);
    expect(product.stock).toBe(6);
    product.putBack(4, T1);
    expect(product.stock).toBe(10);
  });

  it('puts held units back even when an adjustment refilled the shelf to MAX_STOCK meanwhile', () => {
    const product = create({ stock: MAX_STOCK });
    product.take(5, T1);
    product.adjustStock(5, T1);
    product.putBack(5, T1);
    expect(product.stock).toBe(MAX_STOCK + 5);
  });

  it.each([0, -1, 1.5])('refuses to put back %p units', (quantity) => {
    expect(invalidField(() => create().putBack(quantity, T1))).toEqual(['quantity']);
  });
});

describe('Product.adjustStock above MAX_STOCK', () => {
  it('lowers stock that units put back took above the cap, and refuses to raise it further', () => {
    const product = create({ stock: MAX_STOCK });
    product.take(5, T1);
    product.adjustStock(5, T1);
    product.putBack(5, T1);
    expect(invalidField(() => product.adjustStock(1, T1))).toEqual(['delta']);
    product.adjustStock(-2, T1);
    expect(product.stock).toBe(MAX_STOCK + 3);
  });
});
