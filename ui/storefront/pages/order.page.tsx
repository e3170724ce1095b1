import { useRoute } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { useLoad } from '../../kit/use-load.js';
import { addOrders, lastChange, myOrders } from '../my-orders.store.js';
import { OrderCard } from '../order-card.js';

/** One order, kept current by the same stream as "My orders". */
export function OrderPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const loaded = useLoad(() => call(() => api.GET('/api/orders/{id}', { params: { path: { id } } })), [id]);
  useEffect(() => {
    if (loaded.data) addOrders([loaded.data]);
  }, [loaded.data]);
  const order = myOrders.value.find((candidate) => candidate.id === id) ?? loaded.data;
  return (
    <section aria-labelledby="order-heading">
      <h1 id="order-heading" class="visually-hidden">
        Your order
      </h1>
      <p class="visually-hidden" role="status" aria-live="polite">
        {lastChange.value}
      </p>
      <ProblemMessage error={loaded.error} />
      {order ? <OrderCard order={order} detailed /> : !loaded.error && <p aria-busy="true">Loading…</p>}
      <p>
        <a href="/orders">All orders</a>
      </p>
    </section>
  );
}
