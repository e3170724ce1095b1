import { Injectable } from '@nestjs/common';
import { v7 as uuidV7 } from 'uuid';
import { type IntegrationEventHandler, Outbox, type ReceivedEvent } from '../../../shared/messaging/index.js';
import { Shipment } from '../domain/shipment.js';
import { ShipmentRepository } from '../domain/shipment.repository.js';
import { ShipmentCancelledV1 } from '../public/index.js';
import { OrderCancelled } from './inbound-events/order-cancelled.reader.js';

/**
 * The order was cancelled: its PENDING shipment is CANCELLED. An order
 * cancelled before confirmation never gets one; one whose shipment failed keeps
 * FAILED. A confirmed order's cancel may be handled before its confirmation (by
 * another replica, or a re-driven event): then a CANCELLED shipment is stored in
 * its place, so the late confirmation finds the order's key taken and makes none.
 */
@Injectable()
export class CancelShipmentHandler implements IntegrationEventHandler<OrderCancelled> {
  static readonly event = OrderCancelled;
  readonly name = 'shipping.cancel-shipment';

  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<OrderCancelled>): Promise<void> {
    const now = new Date();
    let shipment = await this.shipments.lockByOrderId(payload.orderId);
    if (!shipment) {
      if (payload.previousStatus !== 'CONFIRMED') return;
      const stopped = Shipment.cancelledBeforeCreation({
        id: uuidV7(),
        orderId: payload.orderId,
        customerId: payload.customerId,
        now,
      });
      if (await this.shipments.add(stopped)) {
        await this.outbox.append(ShipmentCancelledV1, stopped.id, { shipmentId: stopped.id, orderId: stopped.orderId });
        return;
      }
      // The confirmation made it meanwhile (the insert waited for its commit): cancel that one.
      shipment = await this.shipments.lockByOrderId(payload.orderId);
      if (!shipment) return;
    }
    if (!shipment.cancel(now)) return;
    await this.shipments.save(shipment);
    await this.outbox.append(ShipmentCancelledV1, shipment.id, { shipmentId: shipment.id, orderId: shipment.orderId });
  }
}
