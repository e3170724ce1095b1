import { computed, signal } from '@preact/signals';
import type { components } from '../api/tessera-api.js';
import { follow, type LiveState, type LiveStream } from '../api/live.js';
import { shortId } from '../kit/format.js';

export type Order = components['schemas']['OrderResponse'];

interface OrderUpdate {
  readonly position: string;
  readonly snapshot: boolean;
  readonly orders: Order[];
}

/** The signed-in customer's orders, kept current by the server's stream (GET /api/orders/updates). */
const byId = signal<ReadonlyMap<string, Order>>(new Map());
export const myOrders = computed(() => [...byId.value.values()].sort((a, b) => (a.id < b.id ? 1 : -1)));
export const liveState = signal<LiveState>('ended');
/** Bumped on every status change, for the announcement screen readers hear. */
export const lastChange = signal<string>('');

let stream: LiveStream | undefined;
let stopStateCopy: (() => void) | undefined;
let users = 0;

/** Starts following while a page needs the orders; the function returned stops when no page does. */
export function watchMyOrders(): () => void {
  users += 1;
  if (!stream) {
    stream = follow('/api/orders/updates', { orders: (data) => apply(data as OrderUpdate) });
    stopStateCopy = stream.state.subscribe((value) => (liveState.value = value));
  }
  return () => {
    users -= 1;
    if (users > 0) return;
    stream?.close();
    stopStateCopy?.();
    stream = undefined;
    liveState.value = 'ended';
  };
}

/** Older orders read page by page join the same map, so they stay current too. */
export function addOrders(orders: readonly Order[]): void {
  const next = new Map(byId.value);
  for (const order of orders) if (!next.has(order.id)) next.set(order.id, order);
  byId.value = next;
}

export function forgetOrders(): void {
  byId.value = new Map();
}

function apply(update: OrderUpdate): void {
  const next = new Map(byId.value);
  for (const order of update.orders) {
    const before = next.get(order.id);
    if (before && before.status !== order.status)
      lastChange.value = `Order ${shortId(order.id)} is now ${order.status}.`;
    next.set(order.id, order);
  }
  byId.value = next;
}
