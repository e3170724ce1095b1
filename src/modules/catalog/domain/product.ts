import { InsufficientStockError, InvalidProductError } from './catalog.errors.js';
import { MAX_STOCK, normaliseSku, validDescription, validName, validPrice, validStock } from './product-rules.js';

export interface ProductState {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string | null;
  readonly priceCents: number;
  readonly stock: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ProductChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly priceCents?: number;
}

/** Something the shop sells: its price and how many are on the shelf. Stock never goes below zero. */
export class Product {
  private constructor(private state: ProductState) {}

  static create(input: {
    id: string;
    sku: string;
    name: string;
    description?: string | null;
    priceCents: number;
    stock: number;
    now: Date;
  }): Product {
    return new Product({
      id: input.id,
      sku: normaliseSku(input.sku),
      name: validName(input.name),
      description: validDescription(input.description ?? null),
      priceCents: validPrice(input.priceCents),
      stock: validStock(input.stock),
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static restore(state: ProductState): Product {
    return new Product(state);
  }

  get id(): string {
    return this.state.id;
  }
  get priceCents(): number {
    return this.state.priceCents;
  }
  get stock(): number {
    return this.state.stock;
  }

  /** Applies a partial edit; returns the previous price when the price changed. */
  edit(changes: ProductChanges, now: Date): { previousPriceCents: number } | undefined {
    const previous = this.state;
    this.state = {
      ...previous,
      name: changes.name === undefined ? previous.name : validName(changes.name),
      description: changes.description === undefined ? previous.description : validDescription(changes.description),
      priceCents: changes.priceCents === undefined ? previous.priceCents : validPrice(changes.priceCents),
      updatedAt: now,
    };
    return this.state.priceCents !== previous.priceCents ? { previousPriceCents: previous.priceCents } : undefined;
  }

  /** Adds (positive) or removes (negative) units; refuses to go below zero. */
  adjustStock(delta: number, now: Date): void {
    if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK) {
      throw new InvalidProductError('delta', `must be a non-zero whole number from -${MAX_STOCK} to ${MAX_STOCK}`);
    }
    const next = this.state.stock + delta;
    if (next < 0) throw new InsufficientStockError(this.state.id, this.state.stock, -delta);
    // Only a rise is capped: stock above the cap (units put back) can always be lowered.
    if (delta > 0 && next > MAX_STOCK) throw new InvalidProductError('delta', `would take stock above ${MAX_STOCK}`);
    this.state = { ...this.state, stock: next, updatedAt: now };
  }

  /** Takes units off the shelf for an order; callers check availability first (see StockReservation). */
  take(quantity: number, now: Date): void {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new InvalidProductError('quantity', 'must be a positive whole number');
    if (quantity > this.state.stock) throw new InsufficientStockError(this.state.id, this.state.stock, quantity);
    this.state = { ...this.state, stock: this.state.stock - quantity, updatedAt: now };
  }

  /**
   * Puts units an order held back on the shelf. Not capped at MAX_STOCK: the
   * cap bounds what an admin sets, and units that were on the shelf must always
   * be able to come back (an adjustment made while they were held may have
   * refilled the shelf to the cap).
   */
  putBack(quantity: number, now: Date): void {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new InvalidProductError('quantity', 'must be a positive whole number');
    this.state = { ...this.state, stock: this.state.stock + quantity, updatedAt: now };
  }

  snapshot(): ProductState {
    return this.state;
  }
}
