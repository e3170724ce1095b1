import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../shared/database/pg-errors.js';
import { isUuid } from '../../../shared/kernel/uuid-v7.js';
import { DuplicateSkuError, ProductNotFoundError } from '../domain/catalog.errors.js';
import { Product } from '../domain/product.js';
import { ProductRepository } from '../domain/product.repository.js';
import { ProductEntity } from './product.entity.js';

@Injectable()
export class TypeOrmProductRepository extends ProductRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async add(product: Product): Promise<void> {
    const state = product.snapshot();
    try {
      await this.dataSource.getRepository(ProductEntity).insert({ ...state, version: 1 });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateSkuError(state.sku);
      throw error;
    }
  }

  async findById(id: string): Promise<Product | null> {
    if (!isUuid(id)) return null;
    const row = await this.dataSource.getRepository(ProductEntity).findOneBy({ id });
    return row ? toDomain(row) : null;
  }

  async update<T>(id: string, change: (product: Product) => T): Promise<{ product: Product; result: T }> {
    if (!isUuid(id)) throw new ProductNotFoundError(id);
    return this.dataSource.transaction(async (manager) => {
      const rows = manager.getRepository(ProductEntity);
      const row = await rows.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new ProductNotFoundError(id);
      const product = toDomain(row);
      const result = change(product);
      const { id: _id, createdAt: _createdAt, sku: _sku, ...changed } = product.snapshot();
      await rows.update({ id }, { ...changed, version: row.version + 1 });
      return { product, result };
    });
  }
}

function toDomain(row: ProductEntity): Product {
  return Product.restore({
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceCents: row.priceCents,
    stock: row.stock,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
