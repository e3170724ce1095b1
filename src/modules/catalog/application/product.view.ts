import type { ProductState } from '../domain/product.js';

/** A product as the catalog API shows it. */
export interface ProductView {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string | null;
  readonly priceCents: number;
  readonly stock: number;
}

export function toProductView(state: ProductState): ProductView {
  return {
    id: state.id,
    sku: state.sku,
    name: state.name,
    description: state.description,
    priceCents: state.priceCents,
    stock: state.stock,
  };
}
