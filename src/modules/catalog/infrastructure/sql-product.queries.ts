import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { validate as isUuid } from 'uuid';
import { ProductQueries, type ProductSearch } from '../application/product.queries.js';
import type { ProductView } from '../application/product.view.js';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price_cents: number;
  stock: number;
}

const COLUMNS = 'id, sku, name, description, price_cents, stock';

/** Reads go straight to SQL: one indexed statement per request, no entity hydration. */
@Injectable()
export class SqlProductQueries extends ProductQueries {
  constructor(private readonly db: Transactions) {
    super();
  }

  async findById(id: string): Promise<ProductView | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<ProductRow>(`SELECT ${COLUMNS} FROM catalog.products WHERE id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async findMany(ids: readonly string[]): Promise<ProductView[]> {
    const rows = await this.db.query<ProductRow>(`SELECT ${COLUMNS} FROM catalog.products WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows.map(toView);
  }

  async search(search: ProductSearch): Promise<{ items: ProductView[]; hasMore: boolean }> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (search.after !== undefined) {
      if (!isUuid(search.after)) return { items: [], hasMore: false };
      parameters.push(search.after);
      conditions.push(`id > $${parameters.length}`);
    }
    if (search.text !== undefined) {
      parameters.push(`%${search.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
      conditions.push(`(name ILIKE $${parameters.length} OR sku ILIKE $${parameters.length})`);
    }
    parameters.push(search.limit + 1);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<ProductRow>(
      `SELECT ${COLUMNS} FROM catalog.products ${where} ORDER BY id LIMIT $${parameters.length}`,
      parameters,
    );
    return { items: rows.slice(0, search.limit).map(toView), hasMore: rows.length > search.limit };
  }
}

function toView(row: ProductRow): ProductView {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    stock: row.stock,
  };
}
