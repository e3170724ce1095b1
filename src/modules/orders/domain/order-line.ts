import { InvalidOrderError } from './orders.errors.js';

export const MAX_LINES = 100;
export const MAX_QUANTITY = 10_000;

export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
  /** The catalog price when the order was placed; later price changes do not touch it. */
  readonly unitPriceCents: number;
}

export function validLines(lines: readonly OrderLine[]): OrderLine[] {
  if (lines.length === 0) throw new InvalidOrderError('lines', 'must contain at least one line');
  if (lines.length > MAX_LINES) throw new InvalidOrderError('lines', `must contain at most ${MAX_LINES} lines`);
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new InvalidOrderError(`lines[${index}].quantity`, `must be a whole number from 1 to ${MAX_QUANTITY}`);
    }
    if (seen.has(line.productId))
      throw new InvalidOrderError(`lines[${index}].productId`, 'appears on more than one line; combine them');
    seen.add(line.productId);
  });
  return lines.map((line) => ({ ...line }));
}

export function lineTotal(line: OrderLine): number {
  return line.quantity * line.unitPriceCents;
}
