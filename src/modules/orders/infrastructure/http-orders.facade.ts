import type { RemoteModuleClient } from '../../../shared/remote/remote-module.client.js';
import { type OrderSummary, OrdersFacade } from '../public/index.js';

/** `OrdersFacade` when orders runs in another process. */
export class HttpOrdersFacade extends OrdersFacade {
  constructor(private readonly client: RemoteModuleClient) {
    super();
  }

  async findOrder(id: string): Promise<OrderSummary | null> {
    const { order } = await this.client.call<{ order: OrderSummary | null }>({
      operation: 'findOrder',
      method: 'GET',
      path: `/internal/orders/${encodeURIComponent(id)}`,
      idempotent: true,
    });
    return order;
  }

  async shipOrder(id: string): Promise<OrderSummary['status'] | null> {
    const { status } = await this.client.call<{ status: OrderSummary['status'] | null }>({
      operation: 'shipOrder',
      method: 'POST',
      path: `/internal/orders/${encodeURIComponent(id)}/ship`,
      idempotent: true, // shipping a shipped order changes nothing
    });
    return status;
  }
}
