import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { ApiProblem } from '../../api/problem.js';
import { currentUser } from '../../api/session.js';
import { Field } from '../../kit/field.js';
import { formatMoney } from '../../kit/format.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { onSubmit, useAction } from '../../kit/use-action.js';
import { cartLines, cartTotalCents, emptyCart, setQuantity } from '../cart.store.js';

const NO_ADDRESS = { name: '', line1: '', line2: '', city: '', postalCode: '', country: '' };

/** The cart and checkout: an order needs a signed-in customer and, to be shipped, an address. */
export function CartPage() {
  const { route } = useLocation();
  const [address, setAddress] = useState(NO_ADDRESS);
  // One key per checkout: a retried or double-clicked submit places one order.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const lines = cartLines.value;
  const placeOrder = useAction(async () => {
    const order = await call(() =>
      api.POST('/api/orders', {
        params: { header: { 'Idempotency-Key': idempotencyKey } },
        body: {
          lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
          shippingAddress: { ...address, line2: address.line2 || undefined },
        },
      }),
    );
    emptyCart();
    setIdempotencyKey(crypto.randomUUID());
    route(`/orders/${order.id}`);
  });

  const error: unknown = placeOrder.error;
  const fields = error instanceof ApiProblem ? error.fieldErrors : {};
  const errorsOf = (field: keyof typeof NO_ADDRESS) => fields[`shippingAddress.${field}`];
  const edit = (field: keyof typeof NO_ADDRESS) => (value: string) => setAddress({ ...address, [field]: value });

  if (lines.length === 0)
    return (
      <section aria-labelledby="cart-heading">
        <h1 id="cart-heading">Your cart</h1>
        <p>
          Your cart is empty. <a href="/">Browse the products</a>.
        </p>
      </section>
    );

  return (
    <section aria-labelledby="cart-heading">
      <h1 id="cart-heading">Your cart</h1>
      <div class="table-scroll">
        <table class="cart">
          <caption class="visually-hidden">Products in your cart</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
              <th scope="col">Subtotal</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.productId}>
                <th scope="row">
                  <a href={`/products/${line.productId}`}>{line.name}</a>
                </th>
                <td>{formatMoney(line.priceCents)}</td>
                <td>
                  <input
                    type="number"
                    min={0}
                    value={line.quantity}
                    aria-label={`Quantity of ${line.name}`}
                    onInput={(event) =>
                      setQuantity(line.productId, Math.max(0, Number(event.currentTarget.value) || 0))
                    }
                  />
                  <button type="button" class="link" onClick={() => setQuantity(line.productId, 0)}>
                    Remove<span class="visually-hidden"> {line.name}</span>
                  </button>
                </td>
                <td>{formatMoney(line.priceCents * line.quantity)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td>{formatMoney(cartTotalCents.value)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {currentUser.value ? (
        <form class="form" onSubmit={onSubmit(placeOrder.run)} aria-label="Checkout">
          <fieldset>
            <legend>Shipping address</legend>
            <Field
              label="Full name"
              autocomplete="name"
              required
              value={address.name}
              onInput={edit('name')}
              errors={errorsOf('name')}
            />
            <Field
              label="Address"
              autocomplete="address-line1"
              required
              value={address.line1}
              onInput={edit('line1')}
              errors={errorsOf('line1')}
            />
            <Field
              label="Address, line 2"
              autocomplete="address-line2"
              value={address.line2}
              onInput={edit('line2')}
              errors={errorsOf('line2')}
            />
            <Field
              label="City"
              autocomplete="address-level2"
              required
              value={address.city}
              onInput={edit('city')}
              errors={errorsOf('city')}
            />
            <Field
              label="Postal code"
              autocomplete="postal-code"
              required
              value={address.postalCode}
              onInput={edit('postalCode')}
              errors={errorsOf('postalCode')}
            />
            <Field
              label="Country (2 letters)"
              autocomplete="country"
              required
              maxLength={2}
              value={address.country}
              onInput={(value) => edit('country')(value.toUpperCase())}
              errors={errorsOf('country')}
            />
          </fieldset>
          <ProblemMessage error={error} />
          <button type="submit" disabled={placeOrder.busy}>
            Place order
          </button>
          <p class="hint">Prices are the catalog's when the order is placed; stock is reserved right after.</p>
        </form>
      ) : (
        <p>
          <a href="/sign-in?next=/cart">Sign in</a> or <a href="/sign-up?next=/cart">create an account</a> to place your
          order.
        </p>
      )}
    </section>
  );
}
