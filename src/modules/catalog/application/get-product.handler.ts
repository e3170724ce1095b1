import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../domain/catalog.errors.js';
import { ProductQueries } from './product.queries.js';
import type { ProductView } from './product.view.js';

@Injectable()
export class GetProductHandler {
  constructor(private readonly queries: ProductQueries) {}

  async execute(id: string): Promise<ProductView> {
    const product = await this.queries.findById(id);
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }
}
