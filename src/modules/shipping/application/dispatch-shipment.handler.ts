import { Injectable } from '@nestjs/common';
import { Outbox } from '../../../shared/messaging/index.js';
import { OrdersFacade } from '../../orders/public/index.js';
import { OrderNotShippableError } from '../domain/shipping.errors.js';
import { ShipmentDispatchedV1 } from '../public/index.js';
import { type ShipmentActionResult, ShipmentActions } from './shipment-actions.js';

/**
 * Hands the parcel to a carrier. Orders decides first (SHIPPED, under the
 * order's lock), so a customer's cancel and this dispatch cannot both win; then
 * the shipment is DISPATCHED. Orders' answer is idempotent, so if this
 * transaction fails after it, retrying the dispatch completes it.
 */
@Injectable()
export class DispatchShipmentHandler {
  constructor(
    private readonly actions: ShipmentActions,
    private readonly orders: OrdersFacade,
    private readonly outbox: Outbox,
  ) {}

  execute(
    id: string,
    body: { carrier: string; trackingNumber: string },
    idempotencyKey?: string,
  ): Promise<ShipmentActionResult> {
    return this.actions.run(id, { action: 'dispatch', body, idempotencyKey }, async (shipment) => {
      shipment.assertDispatchable();
      const status = await this.orders.shipOrder(shipment.orderId);
      if (status !== 'SHIPPED') throw new OrderNotShippableError(shipment.orderId, status);
      shipment.dispatch(body.carrier, body.trackingNumber, new Date());
      await this.outbox.append(ShipmentDispatchedV1, shipment.id, {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
        carrier: body.carrier,
        trackingNumber: body.trackingNumber,
      });
    });
  }
}
