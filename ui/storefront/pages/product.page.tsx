import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { formatMoney } from '../../kit/format.js';
import { announce } from '../../kit/notice.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { useLoad } from '../../kit/use-load.js';
import { addToCart } from '../cart.store.js';

export function ProductPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const product = useLoad(() => call(() => api.GET('/api/catalog/products/{id}', { params: { path: { id } } })), [id]);
  const [quantity, setQuantity] = useState(1);
  if (product.error) return <ProblemMessage error={product.error} />;
  if (!product.data) return <p aria-busy="true">Loading…</p>;
  const { name, description, priceCents, stock, sku } = product.data;
  return (
    <article class="product-detail" aria-labelledby="product-heading">
      <h1 id="product-heading">{name}</h1>
      <p class="sku">SKU {sku}</p>
      {description && <p>{description}</p>}
      <p class="price">{formatMoney(priceCents)}</p>
      <p class={stock > 0 ? 'stock' : 'stock stock-out'}>{stock > 0 ? `${stock} in stock` : 'Out of stock'}</p>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          addToCart(product.data!, quantity);
          announce(`${quantity} × ${name} added to your cart.`);
        }}
      >
        <label for="quantity">Quantity</label>
        <input
          id="quantity"
          type="number"
          min={1}
          max={Math.max(1, stock)}
          value={quantity}
          onInput={(event) => setQuantity(Math.max(1, Number(event.currentTarget.value) || 1))}
        />
        <button type="submit" disabled={stock === 0}>
          Add to cart
        </button>
      </form>
      <p>
        <a href="/">Back to products</a>
      </p>
    </article>
  );
}
