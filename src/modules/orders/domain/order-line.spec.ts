import { lineTotal, MAX_LINES, MAX_QUANTITY, type OrderLine, validLines } from './order-line.js';
import { InvalidOrderError } from './orders.errors.js';

const line = (productId: string, quantity = 1, unitPriceCents = 100): OrderLine => ({
  productId,
  quantity,
  unitPriceCents,
});

function fieldsOf(fn: () => unknown): Record<string, string[]> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOrderError);
    return (error as InvalidOrderError).fields;
  }
  throw new Error('expected an InvalidOrderError');
}

describe('validLines', () => {
  it('refuses an order with no lines', () => {
    expect(fieldsOf(() => validLines([]))).toEqual({ lines: ['must contain at least one line'] });
  });

  it('accepts 100 lines and refuses 101', () => {
    const lines = Array.from({ length: MAX_LINES + 1 }, (_, i) => line(`p-${i}`));
    expect(validLines(lines.slice(0, MAX_LINES))).toHaveLength(100);
    expect(fieldsOf(() => validLines(lines))).toEqual({ lines: ['must contain at most 100 lines'] });
  });

  it('accepts quantities 1 and 10000', () => {
    expect(validLines([line('a', 1), line('b', MAX_QUANTITY)]).map((l) => l.quantity)).toEqual([1, 10_000]);
  });

  it.each([0, -1, MAX_QUANTITY + 1, 1.5, Number.NaN])('refuses quantity %p, naming the line', (quantity) => {
    expect(Object.keys(fieldsOf(() => validLines([line('a'), line('b', quantity)])))).toEqual(['lines[1].quantity']);
  });

  it('refuses the same product on two lines, naming the second', () => {
    expect(fieldsOf(() => validLines([line('a'), line('b'), line('a', 2)]))).toEqual({
      'lines[2].productId': ['appears on more than one line; combine them'],
    });
  });

  it('returns copies, so later changes to the input do not leak in', () => {
    const input = [{ productId: 'a', quantity: 2, unitPriceCents: 50 }];
    const result = validLines(input);
    expect(result).toEqual(input);
    expect(result[0]).not.toBe(input[0]);
    input[0].quantity = 99;
    expect(result[0].quantity).toBe(2);
  });
});

describe('lineTotal', () => {
  it('multiplies quantity by unit price', () => {
    expect(lineTotal(line('a', 3, 250))).toBe(750);
    expect(lineTotal(line('a', MAX_QUANTITY, 100_000_000))).toBe(1_000_000_000_000);
  });
});
