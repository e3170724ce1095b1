import { Injectable } from '@nestjs/common';
import { uuidV7 } from '../../../shared/kernel/uuid-v7.js';
import { Product } from '../domain/product.js';
import { ProductRepository } from '../domain/product.repository.js';
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
  constructor(private readonly products: ProductRepository) {}

  async execute(command: CreateProductCommand): Promise<ProductView> {
    const now = new Date();
    const product = Product.create({ ...command, id: uuidV7(now.getTime()), now });
    await this.products.add(product);
    return toProductView(product.snapshot());
  }
}
