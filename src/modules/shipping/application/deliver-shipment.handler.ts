import { Injectable } from '@nestjs/common';
import { Outbox } from '../../../shared/messaging/index.js';
import { ShipmentDeliveredV1 } from '../public/index.js';
import { type ShipmentActionResult, ShipmentActions } from './shipment-actions.js';

/** The carrier delivered it; orders marks the order DELIVERED on the event. */
@Injectable()
export class DeliverShipmentHandler {
  constructor(
    private readonly actions: ShipmentActions,
    private readonly outbox: Outbox,
  ) {}

  execute(id: string, idempotencyKey?: string): Promise<ShipmentActionResult> {
    return this.actions.run(id, { action: 'deliver', idempotencyKey }, async (shipment) => {
      shipment.deliver(new Date());
      await this.outbox.append(ShipmentDeliveredV1, shipment.id, {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
      });
    });
  }
}
