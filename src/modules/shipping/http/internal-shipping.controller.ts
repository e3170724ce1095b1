import { Controller, Get, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '../../../shared/auth/index.js';
import { type ShipmentSummary, ShippingFacade } from '../public/index.js';

/** `ShippingFacade` over HTTP, for processes that do not host shipping. Service tokens only. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/shipping')
export class InternalShippingController {
  constructor(private readonly shipping: ShippingFacade) {}

  @Get('orders/:orderId/shipment')
  async findOfOrder(@Param('orderId') orderId: string): Promise<{ shipment: ShipmentSummary | null }> {
    return { shipment: await this.shipping.findShipmentOfOrder(orderId) };
  }
}
