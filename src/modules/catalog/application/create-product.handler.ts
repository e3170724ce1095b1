import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { v7 as uuidV7 } from 'uuid';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { Product } from '../domain/product.js';
import { ProductRepository } from '../domain/product.repository.js';
import { ProductCreatedV1 } from '../public/index.js';
import { type ProductView, toProductView } from './product.view.js';

export interface CreateProductCommand {
  readonly sku: string;
  readonly name: string;
  readonly description?: string | null;
  readonly priceCents: number;
  readonly stock: number;
}

@Injectable()
export class CreateProductHandler {
  constructor(
    private readonly products: ProductRepository,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: CreateProductCommand): Promise<ProductView> {
    const now = new Date();
    const product = Product.create({ ...command, id: uuidV7(), now });
    const state = product.snapshot();
    await this.transactions.run(async () => {
      await this.products.add(product);
      await this.outbox.append(ProductCreatedV1, state.id, {
        productId: state.id,
        sku: state.sku,
        name: state.name,
        priceCents: state.priceCents,
        stock: state.stock,
      });
    });
    return toProductView(state);
  }
}
