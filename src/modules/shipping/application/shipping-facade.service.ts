import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { ShipmentRepository } from '../domain/shipment.repository.js';
import { type ShipmentSummary, ShippingFacade } from '../public/index.js';

/** The in-process binding of `ShippingFacade`. */
@Injectable()
export class ShippingFacadeService extends ShippingFacade {
  constructor(private readonly shipments: ShipmentRepository) {
    super();
  }

  async findShipmentOfOrder(orderId: string): Promise<ShipmentSummary | null> {
    if (!isUuid(orderId)) return null;
    const shipment = await this.shipments.findByOrderId(orderId);
    if (!shipment) return null;
    const { id, status, carrier, trackingNumber } = shipment.snapshot();
    return { id, orderId, status, carrier, trackingNumber };
  }
}
