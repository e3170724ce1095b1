import type { RemoteModuleClient } from '../../../shared/remote/index.js';
import { type ShipmentSummary, ShippingFacade } from '../public/index.js';

/** `ShippingFacade` when shipping runs in another process: its service endpoint, behind timeout, retries and breaker. */
export class HttpShippingFacade extends ShippingFacade {
  constructor(private readonly client: RemoteModuleClient) {
    super();
  }

  async findShipmentOfOrder(orderId: string): Promise<ShipmentSummary | null> {
    const { shipment } = await this.client.call<{ shipment: ShipmentSummary | null }>({
      operation: 'findShipmentOfOrder',
      method: 'GET',
      path: `/internal/shipping/orders/${encodeURIComponent(orderId)}/shipment`,
      idempotent: true,
    });
    return shipment;
  }
}
