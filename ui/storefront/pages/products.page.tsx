import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { formatMoney } from '../../kit/format.js';
import { announce } from '../../kit/notice.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { useLoad } from '../../kit/use-load.js';
import { addToCart } from '../cart.store.js';

const PAGE_SIZE = 12;

/** The catalog, searched and paged: the search and the page are in the address, so they survive a reload. */
export function ProductsPage() {
  const { query, route } = useLocation();
  const q = query.q ?? '';
  const cursor = query.cursor;
  const [search, setSearch] = useState(q);
  const page = useLoad(
    () =>
      call(() =>
        api.GET('/api/catalog/products', {
          params: { query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [q, cursor],
  );
  const to = (next: { q?: string; cursor?: string }) => {
    const params = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => !!entry[1]));
    route(params.size > 0 ? `/?${params.toString()}` : '/');
  };
  return (
    <section aria-labelledby="products-heading">
      <h1 id="products-heading">Products</h1>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          to({ q: search.trim() });
        }}
      >
        <label for="product-search">Search products</label>
        <input
          id="product-search"
          type="search"
          value={search}
          onInput={(event) => setSearch(event.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </form>
      <ProblemMessage error={page.error} />
      {page.data && page.data.items.length === 0 && <p>{q ? `No product matches “${q}”.` : 'No products yet.'}</p>}
      <ul class="product-grid" aria-busy={page.loading}>
        {page.data?.items.map((product) => (
          <li key={product.id} class="card product">
            <h2>
              <a href={`/products/${product.id}`}>{product.name}</a>
            </h2>
            <p class="price">{formatMoney(product.priceCents)}</p>
            <p class={product.stock > 0 ? 'stock' : 'stock stock-out'}>
              {product.stock > 0 ? `${product.stock} in stock` : 'Out of stock'}
            </p>
            <button
              type="button"
              disabled={product.stock === 0}
              onClick={() => {
                addToCart(product);
                announce(`${product.name} added to your cart.`);
              }}
            >
              Add to cart
            </button>
          </li>
        ))}
      </ul>
      <nav class="pager" aria-label="Pages">
        {cursor && (
          <button type="button" class="secondary" onClick={() => to({ q })}>
            First page
          </button>
        )}
        {page.data?.nextCursor && (
          <button type="button" class="secondary" onClick={() => to({ q, cursor: page.data!.nextCursor! })}>
            Next page
          </button>
        )}
      </nav>
    </section>
  );
}
