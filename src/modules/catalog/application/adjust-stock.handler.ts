import { Injectable } from '@nestjs/common';
import { ProductRepository } from '../domain/product.repository.js';
import { type ProductView, toProductView } from './product.view.js';

/** Goods received (positive delta) or written off (negative); never below zero. */
@Injectable()
export class AdjustStockHandler {
  constructor(private readonly products: ProductRepository) {}

  async execute(id: string, delta: number): Promise<ProductView> {
    const { product } = await this.products.update(id, (product) => product.adjustStock(delta, new Date()));
    return toProductView(product.snapshot());
  }
}
