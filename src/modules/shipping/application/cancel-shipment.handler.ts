import { Injectable } from '@nestjs/common';
import { type IntegrationEventHandler, Outbox, type ReceivedEvent } from '../../../shared/messaging/index.js';
import { ShipmentRepository } from '../domain/shipment.repository.js';
import { ShipmentCancelledV1 } from '../public/index.js';
import { OrderCancelled } from './inbound-events/order-cancelled.reader.js';

/**
 * The order was cancelled: its PENDING shipment is CANCELLED. An order
 * cancelled before confirmation has none; one whose shipment failed keeps FAILED.
 * Orders refuses to cancel a SHIPPED order, so a DISPATCHED shipment never sees this.
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
    const shipment = await this.shipments.lockByOrderId(payload.orderId);
    if (!shipment?.cancel(new Date())) return;
    await this.shipments.save(shipment);
    await this.outbox.append(ShipmentCancelledV1, shipment.id, { shipmentId: shipment.id, orderId: shipment.orderId });
  }
}
