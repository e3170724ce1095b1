import { Injectable } from '@nestjs/common';
import { type PreparedStatement, Transactions } from '../../../shared/database/transactions/transactions.js';
import { validate as isUuid } from 'uuid';
import { ProductQueries, type ProductSearch } from '../application/product.queries.js';
import type { ProductView } from '../application/product.view.js';

/** A row of COLUMNS, in their order. */
type ProductRow = [
  id: string,
  sku: string,
  name: string,
  description: string | null,
  priceCents: number,
  stock: number,
];

const COLUMNS = 'id, sku, name, description, price_cents, stock';

const BY_ID: PreparedStatement = {
  name: 'catalog.product-by-id',
  text: `SELECT ${COLUMNS} FROM catalog.products WHERE id = $1`,
};
const BY_IDS: PreparedStatement = {
  name: 'catalog.products-by-ids',
  text: `SELECT ${COLUMNS} FROM catalog.products WHERE id = ANY($1::uuid[])`,
};
const TEXT_MATCH = (parameter: number) => `(name ILIKE $${parameter} OR sku ILIKE $${parameter})`;
/** A page, by the filters it has: after a cursor, matching a text; the page size (plus one) is the last parameter. */
const PAGE: PreparedStatement = {
  name: 'catalog.products-page',
  text: `SELECT ${COLUMNS} FROM catalog.products ORDER BY id LIMIT $1`,
};
const PAGE_AFTER: PreparedStatement = {
  name: 'catalog.products-page-after',
  text: `SELECT ${COLUMNS} FROM catalog.products WHERE id > $1 ORDER BY id LIMIT $2`,
};
const PAGE_MATCHING: PreparedStatement = {
  name: 'catalog.products-page-matching',
  text: `SELECT ${COLUMNS} FROM catalog.products WHERE ${TEXT_MATCH(1)} ORDER BY id LIMIT $2`,
};
const PAGE_AFTER_MATCHING: PreparedStatement = {
  name: 'catalog.products-page-after-matching',
  text: `SELECT ${COLUMNS} FROM catalog.products WHERE id > $1 AND ${TEXT_MATCH(2)} ORDER BY id LIMIT $3`,
};

/** Reads go straight to SQL: one indexed, prepared statement per request, no entity hydration. */
@Injectable()
export class SqlProductQueries extends ProductQueries {
  constructor(private readonly db: Transactions) {
    super();
  }

  async findById(id: string): Promise<ProductView | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.prepared<ProductRow>(BY_ID, [id]);
    return rows.length > 0 ? toView(rows[0]) : null;
  }

  async findMany(ids: readonly string[]): Promise<ProductView[]> {
    const rows = await this.db.prepared<ProductRow>(BY_IDS, [ids]);
    return rows.map(toView);
  }

  async search(search: ProductSearch): Promise<{ items: ProductView[]; hasMore: boolean }> {
    const parameters: unknown[] = [];
    if (search.after !== undefined) {
      if (!isUuid(search.after)) return { items: [], hasMore: false };
      parameters.push(search.after);
    }
    if (search.text !== undefined)
      parameters.push(`%${search.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    parameters.push(search.limit + 1);
    const statement =
      search.after === undefined
        ? search.text === undefined
          ? PAGE
          : PAGE_MATCHING
        : search.text === undefined
          ? PAGE_AFTER
          : PAGE_AFTER_MATCHING;
    const rows = await this.db.prepared<ProductRow>(statement, parameters);
    const items: ProductView[] = [];
    for (let index = 0; index < rows.length && index < search.limit; index++) items.push(toView(rows[index]));
    return { items, hasMore: rows.length > search.limit };
  }
}

function toView(row: ProductRow): ProductView {
  return { id: row[0], sku: row[1], name: row[2], description: row[3], priceCents: row[4], stock: row[5] };
}
