import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { useAction } from '../../kit/use-action.js';
import { addOrders, lastChange, liveState, myOrders } from '../my-orders.store.js';
import { OrderCard } from '../order-card.js';

const LIVE_LABEL = {
  connecting: 'Connecting…',
  live: 'Live: statuses update as they change',
  reconnecting: 'Reconnecting…',
  ended: 'Not updating: sign in again',
} as const;

const PAGE_SIZE = 20;

/** "My orders": kept current by the live stream; older pages are read on demand, and stay current too. */
export function OrdersPage() {
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const orders = myOrders.value;
  const loadPage = useAction(async (cursor?: string) => {
    const page = await call(() => api.GET('/api/orders', { params: { query: { limit: PAGE_SIZE, cursor } } }));
    addOrders(page.items);
    setNextCursor(page.nextCursor);
  });
  useEffect(() => void loadPage.run(), []);
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">My orders</h1>
      <p class={`live live-${liveState.value}`}>{LIVE_LABEL[liveState.value]}</p>
      <p class="visually-hidden" role="status" aria-live="polite">
        {lastChange.value}
      </p>
      <ProblemMessage error={loadPage.error} />
      {orders.length === 0 && liveState.value === 'live' && (
        <p>
          No orders yet. <a href="/">Find something you like</a>.
        </p>
      )}
      <ol class="orders">
        {orders.map((order) => (
          <li key={order.id}>
            <OrderCard order={order} />
          </li>
        ))}
      </ol>
      {nextCursor && (
        <button type="button" class="secondary" disabled={loadPage.busy} onClick={() => void loadPage.run(nextCursor)}>
          Show older orders
        </button>
      )}
    </section>
  );
}
