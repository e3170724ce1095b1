import type { ShipmentStatus } from '../domain/shipment-status.js';
import type { ShipmentView } from './shipment.view.js';

/** Which shipments a listing shows; an absent field does not narrow it. */
export interface ShipmentFilter {
  readonly status?: ShipmentStatus;
  readonly orderId?: string;
}

/** Port: the read side of shipping. */
export abstract class ShipmentQueries {
  /** The shipments that match `filter`, newest first, strictly older than `before` when given. */
  abstract list(
    filter: ShipmentFilter,
    limit: number,
    before?: string,
  ): Promise<{ items: ShipmentView[]; hasMore: boolean }>;
}
