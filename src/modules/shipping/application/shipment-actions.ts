import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/index.js';
import type { Shipment } from '../domain/shipment.js';
import { ShipmentRepository } from '../domain/shipment.repository.js';
import { ShipmentActionKeyReusedError, ShipmentNotFoundError } from '../domain/shipping.errors.js';
import { ShipmentActionKeys } from './shipment-action-key.store.js';
import { type ShipmentView, toShipmentView } from './shipment.view.js';

export interface ShipmentActionResult {
  readonly shipment: ShipmentView;
  /** True when an earlier request with the same Idempotency-Key already did this. */
  readonly replayed: boolean;
}

/**
 * How every admin action on a shipment runs: one transaction holding the
 * shipment's row lock, and with an Idempotency-Key a retry answers the
 * shipment as it is instead of a 409 for the status the first request left.
 */
@Injectable()
export class ShipmentActions {
  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly keys: ShipmentActionKeys,
    private readonly transactions: Transactions,
  ) {}

  run(
    id: string,
    request: { action: string; body?: unknown; idempotencyKey?: string },
    act: (shipment: Shipment) => Promise<void>,
  ): Promise<ShipmentActionResult> {
    return this.transactions.run(async () => {
      // The row lock first: a concurrent request with the same key waits here, then finds the key taken.
      const shipment = await this.shipments.lock(id);
      if (!shipment) throw new ShipmentNotFoundError(id);
      if (request.idempotencyKey !== undefined) {
        const asked = JSON.stringify([request.action, request.body ?? null]);
        const earlier = await this.keys.claim(shipment.id, request.idempotencyKey, asked);
        if (earlier !== undefined && earlier.request !== asked) throw new ShipmentActionKeyReusedError();
        if (earlier !== undefined) return { shipment: toShipmentView(shipment.snapshot()), replayed: true };
      }
      await act(shipment);
      await this.shipments.save(shipment);
      return { shipment: toShipmentView(shipment.snapshot()), replayed: false };
    });
  }
}
