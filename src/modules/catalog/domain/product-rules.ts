import { InvalidProductError } from './catalog.errors.js';

/** Bounds that keep every money and quantity computation exact in a JavaScript number. */
export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_STOCK = 1_000_000_000;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_NAME_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2_000;

/** SKUs are compared case-insensitively, so they are stored upper-case. */
export function normaliseSku(raw: string): string {
  // Checked before upper-casing: toUpperCase() turns some letters outside ASCII into ASCII ("ß" → "SS").
  const sku = raw.trim();
  if (!SKU.test(sku))
    throw new InvalidProductError(
      'sku',
      'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  return sku.toUpperCase();
}

export function validName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0) throw new InvalidProductError('name', 'must not be empty');
  if (codePoints(name) > MAX_NAME_LENGTH)
    throw new InvalidProductError('name', `must be at most ${MAX_NAME_LENGTH} characters long`);
  return name;
}

export function validDescription(raw: string | null): string | null {
  if (raw === null) return null;
  const description = raw.trim();
  if (codePoints(description) > MAX_DESCRIPTION_LENGTH)
    throw new InvalidProductError('description', `must be at most ${MAX_DESCRIPTION_LENGTH} characters long`);
  return description.length === 0 ? null : description;
}

export function validPrice(priceCents: number): number {
  if (!Number.isInteger(priceCents) || priceCents < 0 || priceCents > MAX_PRICE_CENTS) {
    throw new InvalidProductError('priceCents', `must be a whole number of cents from 0 to ${MAX_PRICE_CENTS}`);
  }
  return priceCents;
}

export function validStock(stock: number, field = 'stock'): number {
  if (!Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK) {
    throw new InvalidProductError(field, `must be a whole number from 0 to ${MAX_STOCK}`);
  }
  return stock;
}

/** Length as the request validation and OpenAPI's maxLength count it: characters, not UTF-16 units. */
function codePoints(text: string): number {
  return [...text].length;
}
