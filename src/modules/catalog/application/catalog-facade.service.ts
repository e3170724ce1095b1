import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { CatalogFacade, type ProductSnapshot } from '../public/index.js';
import { ProductQueries } from './product.queries.js';

/** The in-process binding of `CatalogFacade`. */
@Injectable()
export class CatalogFacadeService extends CatalogFacade {
  constructor(private readonly queries: ProductQueries) {
    super();
  }

  async findProducts(ids: readonly string[]): Promise<ProductSnapshot[]> {
    const valid = [...new Set(ids)].filter(isUuid);
    if (valid.length === 0) return [];
    const products = await this.queries.findMany(valid);
    return products.map(({ id, sku, name, priceCents, stock }) => ({ id, sku, name, priceCents, stock }));
  }
}
