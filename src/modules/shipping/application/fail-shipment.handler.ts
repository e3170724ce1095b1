import { Injectable } from '@nestjs/common';
import { Outbox } from '../../../shared/messaging/index.js';
import { ShipmentFailedV1 } from '../public/index.js';
import { type ShipmentActionResult, ShipmentActions } from './shipment-actions.js';

/**
 * The parcel cannot be delivered. Starts the saga's compensation: orders
 * cancels the order on the event, and catalog releases its stock on orders'.
 */
@Injectable()
export class FailShipmentHandler {
  constructor(
    private readonly actions: ShipmentActions,
    private readonly outbox: Outbox,
  ) {}

  execute(id: string, reason: string, idempotencyKey?: string): Promise<ShipmentActionResult> {
    return this.actions.run(id, { action: 'fail', body: { reason }, idempotencyKey }, async (shipment) => {
      const previousStatus = shipment.status as 'PENDING' | 'DISPATCHED';
      shipment.fail(reason, new Date());
      await this.outbox.append(ShipmentFailedV1, shipment.id, {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
        reason,
        previousStatus,
      });
    });
  }
}
