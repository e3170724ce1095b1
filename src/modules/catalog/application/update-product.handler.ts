import { Injectable } from '@nestjs/common';
import { ValidationError } from '../../../shared/errors/index.js';
import type { ProductChanges } from '../domain/product.js';
import { ProductRepository } from '../domain/product.repository.js';
import { type ProductView, toProductView } from './product.view.js';

@Injectable()
export class UpdateProductHandler {
  constructor(private readonly products: ProductRepository) {}

  async execute(id: string, changes: ProductChanges): Promise<ProductView> {
    if (changes.name === undefined && changes.description === undefined && changes.priceCents === undefined) {
      throw new ValidationError('Send at least one of name, description, priceCents.', { body: ['must change at least one of name, description, priceCents'] });
    }
    const { product } = await this.products.update(id, (product) => product.edit(changes, new Date()));
    return toProductView(product.snapshot());
  }
}
