import { signal } from '@preact/signals';
import { api, call } from '../api/client.js';

/** Names of products met in orders (which keep ids and prices only), asked once each. */
export const productNames = signal<ReadonlyMap<string, string>>(new Map());
const asked = new Set<string>();

export function learnProductNames(ids: Iterable<string>): void {
  for (const id of ids) {
    if (asked.has(id)) continue;
    asked.add(id);
    void call(() => api.GET('/api/catalog/products/{id}', { params: { path: { id } } })).then(
      (product) => (productNames.value = new Map(productNames.value).set(id, product.name)),
      () => undefined,
    );
  }
}
