import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { ValidationError } from '../../../shared/errors/index.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import type { ProductChanges } from '../domain/product.js';
import { ProductRepository } from '../domain/product.repository.js';
import { ProductPriceChangedV1 } from '../public/index.js';
import { type ProductView, toProductView } from './product.view.js';

@Injectable()
export class UpdateProductHandler {
  constructor(
    private readonly products: ProductRepository,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
  ) {}

  async execute(id: string, changes: ProductChanges): Promise<ProductView> {
    if (changes.name === undefined && changes.description === undefined && changes.priceCents === undefined) {
      throw new ValidationError('Send at least one of name, description, priceCents.', {
        body: ['must change at least one of name, description, priceCents'],
      });
    }
    const product = await this.transactions.run(async () => {
      const { product, result: priceChange } = await this.products.update(id, (product) =>
        product.edit(changes, new Date()),
      );
      if (priceChange) {
        await this.outbox.append(ProductPriceChangedV1, id, {
          productId: id,
          previousPriceCents: priceChange.previousPriceCents,
          priceCents: product.priceCents,
        });
      }
      return product;
    });
    return toProductView(product.snapshot());
  }
}
