import { Shipment } from './shipment.js';
import type { ShipmentStatus } from './shipment-status.js';
import { ShipmentStatusConflictError, ShipmentWithoutAddressError } from './shipping.errors.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');
const ADDRESS = { name: 'Ada', line1: '1 Main St', line2: null, city: 'London', postalCode: 'N1', country: 'GB' };

function shipment(status: ShipmentStatus = 'PENDING', address: typeof ADDRESS | null = ADDRESS): Shipment {
  const created = Shipment.create({
    id: 's-1',
    orderId: 'o-1',
    customerId: 'c-1',
    lines: [{ productId: 'p-1', quantity: 2 }],
    address,
    now: T0,
  });
  return Shipment.restore({ ...created.snapshot(), status });
}

describe('Shipment', () => {
  it('is created PENDING with copies of the lines and address', () => {
    const created = shipment();
    expect(created.snapshot()).toMatchObject({
      status: 'PENDING',
      lines: [{ productId: 'p-1', quantity: 2 }],
      address: ADDRESS,
      carrier: null,
      trackingNumber: null,
    });
  });

  it('dispatches a PENDING shipment with its carrier and tracking number', () => {
    const sent = shipment();
    sent.dispatch('Royal Mail', 'RM1', T1);
    expect(sent.snapshot()).toMatchObject({
      status: 'DISPATCHED',
      carrier: 'Royal Mail',
      trackingNumber: 'RM1',
      updatedAt: T1,
    });
  });

  it('refuses to dispatch without an address, or from any status but PENDING', () => {
    expect(() => shipment('PENDING', null).dispatch('c', 't', T1)).toThrow(ShipmentWithoutAddressError);
    for (const status of ['DISPATCHED', 'DELIVERED', 'FAILED', 'CANCELLED'] as const)
      expect(() => shipment(status).dispatch('c', 't', T1)).toThrow(ShipmentStatusConflictError);
  });

  it('delivers only a DISPATCHED shipment', () => {
    const sent = shipment('DISPATCHED');
    sent.deliver(T1);
    expect(sent.status).toBe('DELIVERED');
    for (const status of ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const)
      expect(() => shipment(status).deliver(T1)).toThrow(ShipmentStatusConflictError);
  });

  it('fails from PENDING or DISPATCHED with the reason, and from nothing else', () => {
    for (const status of ['PENDING', 'DISPATCHED'] as const) {
      const lost = shipment(status);
      lost.fail('lost', T1);
      expect(lost.snapshot()).toMatchObject({ status: 'FAILED', failureReason: 'lost' });
    }
    for (const status of ['DELIVERED', 'FAILED', 'CANCELLED'] as const)
      expect(() => shipment(status).fail('lost', T1)).toThrow(ShipmentStatusConflictError);
  });

  it('is cancelled only while PENDING; otherwise says so and changes nothing', () => {
    const stopped = shipment();
    expect(stopped.cancel(T1)).toBe(true);
    expect(stopped.status).toBe('CANCELLED');
    for (const status of ['DISPATCHED', 'DELIVERED', 'FAILED', 'CANCELLED'] as const) {
      const other = shipment(status);
      const before = other.snapshot();
      expect(other.cancel(T1)).toBe(false);
      expect(other.snapshot()).toBe(before);
    }
  });
});
