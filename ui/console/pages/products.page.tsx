import { useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import type { components } from '../../api/tessera-api.js';
import { Field } from '../../kit/field.js';
import { formatMoney } from '../../kit/format.js';
import { announce } from '../../kit/notice.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { onSubmit, useAction } from '../../kit/use-action.js';
import { useLoad } from '../../kit/use-load.js';

type Product = components['schemas']['ProductResponse'];

/** The catalog for operators: add products and adjust their stock. */
export function ProductsPage() {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const page = useLoad(
    () => call(() => api.GET('/api/catalog/products', { params: { query: { limit: 50, cursor } } })),
    [cursor],
  );
  return (
    <section aria-labelledby="console-products-heading">
      <h1 id="console-products-heading">Products and stock</h1>
      <NewProductForm onCreated={page.reload} />
      <ProblemMessage error={page.error} />
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Name</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
              <th scope="col">Adjust stock</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((product) => (
              <ProductRow key={product.id} product={product} onChanged={page.reload} />
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        {cursor && (
          <button type="button" class="secondary" onClick={() => setCursor(undefined)}>
            First page
          </button>
        )}
        {page.data?.nextCursor && (
          <button type="button" class="secondary" onClick={() => setCursor(page.data!.nextCursor!)}>
            Next page
          </button>
        )}
      </nav>
    </section>
  );
}

function ProductRow({ product, onChanged }: { product: Product; onChanged: () => void }) {
  const [delta, setDelta] = useState('');
  const adjust = useAction(async () => {
    await call(() =>
      api.POST('/api/catalog/products/{id}/stock-adjustments', {
        params: { path: { id: product.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: { delta: Number(delta) },
      }),
    );
    setDelta('');
    announce(`Stock of ${product.name} adjusted by ${delta}.`);
    onChanged();
  });
  return (
    <tr>
      <td>
        <code>{product.sku}</code>
      </td>
      <th scope="row">{product.name}</th>
      <td>{formatMoney(product.priceCents)}</td>
      <td>{product.stock}</td>
      <td>
        <form class="inline-form" onSubmit={onSubmit(adjust.run)}>
          <input
            type="number"
            step={1}
            required
            value={delta}
            aria-label={`Stock change for ${product.name}`}
            placeholder="+10 or -2"
            onInput={(event) => setDelta(event.currentTarget.value)}
          />
          <button type="submit" class="secondary">
            Adjust<span class="visually-hidden"> the stock of {product.name}</span>
          </button>
        </form>
        <ProblemMessage error={adjust.error} />
      </td>
    </tr>
  );
}

const EMPTY = { sku: '', name: '', description: '', price: '', stock: '' };

function NewProductForm({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const edit = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });
  const submit = useAction(async () => {
    const created = await call(() =>
      api.POST('/api/catalog/products', {
        body: {
          sku: form.sku,
          name: form.name,
          description: form.description || null,
          priceCents: Math.round(Number(form.price) * 100),
          stock: Number(form.stock),
        },
      }),
    );
    setForm(EMPTY);
    announce(`${created.name} added.`);
    onCreated();
  });
  const fields = submit.error instanceof ApiProblem ? submit.error.fieldErrors : {};
  return (
    <details class="card">
      <summary>Add a product</summary>
      <form class="form grid-form" onSubmit={onSubmit(submit.run)} aria-label="Add a product">
        <Field label="SKU" required value={form.sku} onInput={edit('sku')} errors={fields.sku} />
        <Field label="Name" required value={form.name} onInput={edit('name')} errors={fields.name} />
        <Field label="Description" value={form.description} onInput={edit('description')} errors={fields.description} />
        <Field
          label="Price"
          type="number"
          min={0}
          step={0.01}
          required
          value={form.price}
          onInput={edit('price')}
          errors={fields.priceCents}
        />
        <Field
          label="Stock"
          type="number"
          min={0}
          step={1}
          required
          value={form.stock}
          onInput={edit('stock')}
          errors={fields.stock}
        />
        <ProblemMessage error={submit.error} />
        <button type="submit" disabled={submit.busy}>
          Add product
        </button>
      </form>
    </details>
  );
}
