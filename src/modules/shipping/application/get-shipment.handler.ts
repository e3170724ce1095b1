import { Injectable } from '@nestjs/common';
import { ShipmentRepository } from '../domain/shipment.repository.js';
import { ShipmentNotFoundError } from '../domain/shipping.errors.js';
import { type ShipmentView, toShipmentView } from './shipment.view.js';

@Injectable()
export class GetShipmentHandler {
  constructor(private readonly shipments: ShipmentRepository) {}

  async execute(id: string): Promise<ShipmentView> {
    const shipment = await this.shipments.findById(id);
    if (!shipment) throw new ShipmentNotFoundError(id);
    return toShipmentView(shipment.snapshot());
  }
}
