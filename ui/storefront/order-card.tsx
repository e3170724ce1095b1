import { useEffect } from 'preact/hooks';
import { api, call } from '../api/client.js';
import { formatMoney, formatTime, shortId } from '../kit/format.js';
import { ProblemMessage } from '../kit/problem-message.js';
import { StatusBadge } from '../kit/status-badge.js';
import { useAction } from '../kit/use-action.js';
import type { Order } from './my-orders.store.js';
import { learnProductNames, productNames } from './product-names.store.js';

const CANCELLABLE = new Set(['PENDING', 'CONFIRMED']);

/** One order as its customer sees it: status (live), lines, total, shipment; cancel while it has not shipped. */
export function OrderCard({ order, detailed = false }: { order: Order; detailed?: boolean }) {
  useEffect(() => learnProductNames(order.lines.map((line) => line.productId)), [order.id]);
  const names = productNames.value;
  const cancel = useAction(async () => {
    await call(() => api.POST('/api/orders/{id}/cancel', { params: { path: { id: order.id } } }));
  });
  return (
    <article class="card order" aria-label={`Order ${shortId(order.id)}`}>
      <header class="order-head">
        <h2>
          {detailed ? `Order ${shortId(order.id)}` : <a href={`/orders/${order.id}`}>Order {shortId(order.id)}</a>}
        </h2>
        <StatusBadge status={order.status} />
      </header>
      <p class="meta">
        Placed {formatTime(order.createdAt)} · {formatMoney(order.totalCents)}
      </p>
      {order.reason && <p class="reason">Rejected: {order.reason}</p>}
      {order.cancellationReason && <p class="reason">Cancelled: {order.cancellationReason}</p>}
      {order.shipment && (
        <p class="shipment">
          Shipment <StatusBadge status={order.shipment.status} />
          {order.shipment.carrier && ` with ${order.shipment.carrier}`}
          {order.shipment.trackingNumber && `, tracking ${order.shipment.trackingNumber}`}
        </p>
      )}
      <ul class="lines">
        {order.lines.map((line) => (
          <li key={line.productId}>
            {line.quantity} × {names.get(line.productId) ?? 'a product'} at {formatMoney(line.unitPriceCents)}
          </li>
        ))}
      </ul>
      {detailed && order.shippingAddress && (
        <address>
          {order.shippingAddress.name}, {order.shippingAddress.line1}
          {order.shippingAddress.line2 && `, ${order.shippingAddress.line2}`}, {order.shippingAddress.postalCode}{' '}
          {order.shippingAddress.city}, {order.shippingAddress.country}
        </address>
      )}
      <ProblemMessage error={cancel.error} />
      {CANCELLABLE.has(order.status) && (
        <button type="button" class="secondary" disabled={cancel.busy} onClick={() => void cancel.run()}>
          Cancel order<span class="visually-hidden"> {shortId(order.id)}</span>
        </button>
      )}
    </article>
  );
}
