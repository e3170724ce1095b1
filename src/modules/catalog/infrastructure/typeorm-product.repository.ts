import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../../shared/database/errors/pg-errors.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { validate as isUuid } from 'uuid';
import { DuplicateSkuError, ProductNotFoundError } from '../domain/catalog.errors.js';
import { Product } from '../domain/product.js';
import { ProductRepository } from '../domain/product.repository.js';
import { ProductEntity } from './product.entity.js';

/** A product row as the repository reads it (the ORM entity without its version counter). */
type ProductRow = Omit<ProductEntity, 'version'>;

@Injectable()
export class TypeOrmProductRepository extends ProductRepository {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  async add(product: Product): Promise<void> {
    const state = product.snapshot();
    try {
      await this.transactions
        .manager()
        .getRepository(ProductEntity)
        .insert({ ...state, version: 1 });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateSkuError(state.sku);
      throw error;
    }
  }

  async findById(id: string): Promise<Product | null> {
    if (!isUuid(id)) return null;
    const row = await this.transactions.manager().getRepository(ProductEntity).findOneBy({ id });
    return row ? toDomain(row) : null;
  }

  async update<T>(id: string, change: (product: Product) => T): Promise<{ product: Product; result: T }> {
    if (!isUuid(id)) throw new ProductNotFoundError(id);
    return this.transactions.run(async (manager) => {
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

  async lockMany(ids: readonly string[]): Promise<Map<string, Product>> {
    const valid = [...new Set(ids)].filter(isUuid).sort();
    if (valid.length === 0) return new Map();
    const rows = await this.transactions.query<ProductRow>(
      `SELECT id, sku, name, description, price_cents AS "priceCents", stock, created_at AS "createdAt", updated_at AS "updatedAt"
         FROM catalog.products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [valid],
    );
    return new Map(rows.map((row) => [row.id, toDomain(row)]));
  }

  async saveStock(products: readonly Product[]): Promise<void> {
    if (products.length === 0) return;
    // One statement for all lines of an order.
    await this.transactions.query(
      `UPDATE catalog.products p SET stock = v.stock, updated_at = now(), version = p.version + 1
         FROM unnest($1::uuid[], $2::int[]) AS v(id, stock)
        WHERE p.id = v.id`,
      [products.map((product) => product.id), products.map((product) => product.stock)],
    );
  }
}

function toDomain(row: ProductRow): Product {
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
