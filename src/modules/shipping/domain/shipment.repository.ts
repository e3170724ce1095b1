import type { Shipment } from './shipment.js';

/** Port: where shipments are kept; bound to SQL in infrastructure/. */
export abstract class ShipmentRepository {
  /** Stores a new shipment; returns false, storing nothing, when its order has one already (a redelivered event). */
  abstract add(shipment: Shipment): Promise<boolean>;
  /** Stores several new shipments at once, as `add` does each; returns the ids of those stored. */
  abstract addMany(shipments: readonly Shipment[]): Promise<Set<string>>;
  abstract findById(id: string): Promise<Shipment | null>;
  abstract findByOrderId(orderId: string): Promise<Shipment | null>;
  /** Locks the shipment's row until the caller's transaction ends; `null` when there is none. */
  abstract lock(id: string): Promise<Shipment | null>;
  /** The same, found by its order. */
  abstract lockByOrderId(orderId: string): Promise<Shipment | null>;
  abstract save(shipment: Shipment): Promise<void>;
}
