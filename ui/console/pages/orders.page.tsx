import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import type { components } from '../../api/tessera-api.js';
import { formatMoney, formatTime, shortId } from '../../kit/format.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { StatusBadge } from '../../kit/status-badge.js';
import { useAction } from '../../kit/use-action.js';
import { useLoad } from '../../kit/use-load.js';

type Shipment = components['schemas']['ShipmentResponse'];
const ORDER_STATUSES = ['', 'PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED'] as const;
const REFRESH_MS = 3_000;

/** Everyone's orders, newest first, with the shipment each one has and the actions a shipment allows. */
export function OrdersPage() {
  const [status, setStatus] = useState<(typeof ORDER_STATUSES)[number]>('');
  const orders = useLoad(
    () => call(() => api.GET('/api/admin/orders', { params: { query: { limit: 50, ...(status ? { status } : {}) } } })),
    [status],
  );
  const shipments = useLoad(
    () => call(() => api.GET('/api/admin/shipments', { params: { query: { limit: 100 } } })),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => {
      orders.reload();
      shipments.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [orders.reload, shipments.reload]);
  const shipmentOf = new Map((shipments.data?.items ?? []).map((shipment) => [shipment.orderId, shipment]));
  const reload = () => {
    orders.reload();
    shipments.reload();
  };
  return (
    <section aria-labelledby="console-orders-heading">
      <h1 id="console-orders-heading">Orders and shipments</h1>
      <p class="toolbar">
        <label for="status-filter">Status</label>
        <select
          id="status-filter"
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as (typeof ORDER_STATUSES)[number])}
        >
          {ORDER_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value || 'All'}
            </option>
          ))}
        </select>
      </p>
      <ProblemMessage error={orders.error ?? shipments.error} />
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
              <th scope="col">Shipment</th>
            </tr>
          </thead>
          <tbody>
            {orders.data?.items.map((order) => (
              <tr key={order.id}>
                <th scope="row">
                  <code>{shortId(order.id)}</code>
                </th>
                <td>{formatTime(order.createdAt)}</td>
                <td>{formatMoney(order.totalCents)}</td>
                <td>
                  <StatusBadge status={order.status} />
                  {(order.reason ?? order.cancellationReason) && (
                    <span class="description">{order.reason ?? order.cancellationReason}</span>
                  )}
                </td>
                <td>
                  <ShipmentCell shipment={shipmentOf.get(order.id)} onChanged={reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ShipmentCell({ shipment, onChanged }: { shipment: Shipment | undefined; onChanged: () => void }) {
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const action = useAction(async (send: () => Promise<unknown>) => {
    await send();
    onChanged();
  });
  if (!shipment) return <span class="description">none yet</span>;
  const id = shipment.id;
  const act = (send: () => Promise<unknown>) => (event?: Event) => {
    event?.preventDefault();
    void action.run(send);
  };
  const key = () => ({ 'Idempotency-Key': crypto.randomUUID() });
  return (
    <div>
      <StatusBadge status={shipment.status} />
      {shipment.trackingNumber && <span class="description">{`${shipment.carrier} ${shipment.trackingNumber}`}</span>}
      {shipment.status === 'PENDING' && (
        <form
          class="inline-form"
          aria-label={`Dispatch shipment ${shortId(id)}`}
          onSubmit={act(() =>
            call(() =>
              api.POST('/api/admin/shipments/{id}/dispatch', {
                params: { path: { id }, header: key() },
                body: { carrier, trackingNumber: tracking },
              }),
            ),
          )}
        >
          <input
            aria-label="Carrier"
            placeholder="Carrier"
            required
            value={carrier}
            onInput={(e) => setCarrier(e.currentTarget.value)}
          />
          <input
            aria-label="Tracking number"
            placeholder="Tracking number"
            required
            value={tracking}
            onInput={(e) => setTracking(e.currentTarget.value)}
          />
          <button type="submit" class="secondary">
            Dispatch
          </button>
        </form>
      )}
      {shipment.status === 'DISPATCHED' && (
        <p class="inline-form">
          <button
            type="button"
            class="secondary"
            onClick={act(() =>
              call(() => api.POST('/api/admin/shipments/{id}/deliver', { params: { path: { id }, header: key() } })),
            )}
          >
            Mark delivered
          </button>
          <button
            type="button"
            class="secondary danger"
            onClick={act(() =>
              call(() =>
                api.POST('/api/admin/shipments/{id}/fail', {
                  params: { path: { id }, header: key() },
                  body: { reason: 'Lost in transit (marked in the console)' },
                }),
              ),
            )}
          >
            Mark failed
          </button>
        </p>
      )}
      <ProblemMessage error={action.error} />
    </div>
  );
}
