import { Order } from './order.js';
import type { OrderLine } from './order-line.js';
import type { OrderStatus } from './order-status.js';
import { InvalidOrderError, OrderNotCancellableError, OrderNotShippableError } from './orders.errors.js';

const T0 = new Date('2024-01-01T00:00:00.000Z');
const T1 = new Date('2024-01-02T00:00:00.000Z');
const T2 = new Date('2024-01-03T00:00:00.000Z');

const LINES: OrderLine[] = [
  { productId: 'p-1', quantity: 2, unitPriceCents: 1_250 },
  { productId: 'p-2', quantity: 3, unitPriceCents: 99 },
];

function place(): Order {
  return Order.place({ id: 'o-1', customerId: 'c-1', lines: LINES, now: T0 });
}

function inStatus(status: OrderStatus): Order {
  return Order.restore({ ...place().snapshot(), status });
}

describe('Order.place', () => {
  it('creates a PENDING order with the total computed from the lines', () => {
    const order = place();
    expect(order.status).toBe('PENDING');
    expect(order.isFinal()).toBe(false);
    expect(order.snapshot()).toEqual({
      id: 'o-1',
      customerId: 'c-1',
      status: 'PENDING',
      lines: LINES,
      totalCents: 2 * 1_250 + 3 * 99,
      reason: null,
      shippingAddress: null,
      idempotencyKey: null,
      requestFingerprint: null,
      createdAt: T0,
      updatedAt: T0,
    });
    expect(order.id).toBe('o-1');
    expect(order.customerId).toBe('c-1');
  });

  it('keeps the shipping address it is placed with', () => {
    const address = { name: 'Ada', line1: '1 Road', line2: null, city: 'London', postalCode: 'N1', country: 'GB' };
    expect(
      Order.place({ id: 'o-1', customerId: 'c-1', lines: LINES, now: T0, shippingAddress: address }).snapshot(),
    ).toMatchObject({
      shippingAddress: address,
    });
  });

  it('keeps the idempotency key and request fingerprint', () => {
    const order = Order.place({
      id: 'o-1',
      customerId: 'c-1',
      lines: LINES,
      now: T0,
      idempotencyKey: 'k',
      requestFingerprint: 'f',
    });
    expect(order.snapshot().idempotencyKey).toBe('k');
    expect(order.snapshot().requestFingerprint).toBe('f');
  });

  it('validates the lines', () => {
    expect(() => Order.place({ id: 'o-1', customerId: 'c-1', lines: [], now: T0 })).toThrow(InvalidOrderError);
  });
});

describe('Order.cancel', () => {
  it.each(['PENDING', 'CONFIRMED'] as const)('cancels a %s order, keeping why', (status) => {
    const order = inStatus(status);
    order.cancel('Cancelled by the customer.', T1);
    expect(order.status).toBe('CANCELLED');
    expect(order.snapshot().reason).toBe('Cancelled by the customer.');
    expect(order.isFinal()).toBe(true);
    expect(order.snapshot().updatedAt).toBe(T1);
  });

  it.each(['SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED'] as const)(
    'refuses to cancel a %s order and leaves it unchanged',
    (status) => {
      const order = inStatus(status);
      const before = order.snapshot();
      let caught: unknown;
      try {
        order.cancel('too late', T1);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OrderNotCancellableError);
      expect((caught as OrderNotCancellableError).code).toBe('orders.not-cancellable');
      expect((caught as Error).message).toContain(status);
      expect(order.snapshot()).toBe(before);
    },
  );
});

describe('Order.confirm', () => {
  it('confirms a PENDING order', () => {
    const order = place();
    expect(order.confirm(T1)).toBe(true);
    expect(order.status).toBe('CONFIRMED');
    expect(order.isFinal()).toBe(false);
    expect(order.snapshot().updatedAt).toBe(T1);
  });

  it.each(['CONFIRMED', 'REJECTED', 'CANCELLED'] as const)(
    'returns false for a %s order and changes nothing',
    (status) => {
      const order = inStatus(status);
      const before = order.snapshot();
      expect(order.confirm(T1)).toBe(false);
      expect(order.snapshot()).toBe(before);
    },
  );
});

describe('Order.reject', () => {
  it('rejects a PENDING order with the reason', () => {
    const order = place();
    expect(order.reject('out of stock', T1)).toBe(true);
    expect(order.status).toBe('REJECTED');
    expect(order.isFinal()).toBe(true);
    expect(order.snapshot().reason).toBe('out of stock');
    expect(order.snapshot().updatedAt).toBe(T1);
  });

  it.each(['CONFIRMED', 'REJECTED', 'CANCELLED'] as const)(
    'returns false for a %s order and keeps the old reason',
    (status) => {
      const order = inStatus(status);
      const before = order.snapshot();
      expect(order.reject('too late', T1)).toBe(false);
      expect(order.snapshot()).toBe(before);
      expect(order.snapshot().reason).toBeNull();
    },
  );

  it('a cancelled order that is later rejected by the saga stays cancelled', () => {
    const order = place();
    order.cancel('Cancelled by the customer.', T1);
    expect(order.reject('out of stock', T2)).toBe(false);
    expect(order.status).toBe('CANCELLED');
    expect(order.snapshot().updatedAt).toBe(T1);
  });
});

describe('Order.ship and Order.deliver', () => {
  it('ships a CONFIRMED order once; shipping it again changes nothing', () => {
    const order = inStatus('CONFIRMED');
    expect(order.ship(T1)).toBe(true);
    expect(order.status).toBe('SHIPPED');
    expect(order.isFinal()).toBe(false);
    const shipped = order.snapshot();
    expect(order.ship(T2)).toBe(false);
    expect(order.snapshot()).toBe(shipped);
  });

  it.each(['PENDING', 'DELIVERED', 'REJECTED', 'CANCELLED'] as const)('refuses to ship a %s order', (status) => {
    const order = inStatus(status);
    expect(() => order.ship(T1)).toThrow(OrderNotShippableError);
    expect(order.status).toBe(status);
  });

  it('delivers a SHIPPED order, which is then final', () => {
    const order = inStatus('SHIPPED');
    expect(order.deliver(T1)).toBe(true);
    expect(order.status).toBe('DELIVERED');
    expect(order.isFinal()).toBe(true);
  });

  it.each(['PENDING', 'CONFIRMED', 'DELIVERED', 'CANCELLED'] as const)('does not deliver a %s order', (status) => {
    const order = inStatus(status);
    expect(order.deliver(T1)).toBe(false);
    expect(order.status).toBe(status);
  });
});

describe('Order.cancelForFailedShipment', () => {
  it.each(['CONFIRMED', 'SHIPPED'] as const)('cancels a %s order saying shipping failed', (status) => {
    const order = inStatus(status);
    expect(order.cancelForFailedShipment('Address does not exist.', T1)).toBe(true);
    expect(order.status).toBe('CANCELLED');
    expect(order.snapshot().reason).toBe('Shipping failed: Address does not exist.');
  });

  it.each(['PENDING', 'DELIVERED', 'REJECTED', 'CANCELLED'] as const)('leaves a %s order as it is', (status) => {
    const order = inStatus(status);
    const before = order.snapshot();
    expect(order.cancelForFailedShipment('lost', T1)).toBe(false);
    expect(order.snapshot()).toBe(before);
  });
});
