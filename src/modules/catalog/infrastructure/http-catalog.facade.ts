import type { RemoteModuleClient } from '../../../shared/remote/remote-module.client.js';
import { CatalogFacade, type ProductSnapshot } from '../public/index.js';

/** `CatalogFacade` when catalog runs in another process: its service endpoint, behind timeout, retries and breaker. */
export class HttpCatalogFacade extends CatalogFacade {
  constructor(private readonly client: RemoteModuleClient) {
    super();
  }

  async findProducts(ids: readonly string[]): Promise<ProductSnapshot[]> {
    const { items } = await this.client.call<{ items: ProductSnapshot[] }>({
      operation: 'findProducts',
      method: 'POST',
      path: '/internal/catalog/products/lookup',
      body: { ids },
      idempotent: true, // a read, sent as POST only because the id list can be long
    });
    return items;
  }
}
