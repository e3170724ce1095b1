import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/index.js';
import { ShipmentActionKeys } from '../application/shipment-action-key.store.js';

@Injectable()
export class SqlShipmentActionKeys extends ShipmentActionKeys {
  constructor(private readonly db: Transactions) {
    super();
  }

  async claim(shipmentId: string, key: string, request: string): Promise<{ readonly request: string } | undefined> {
    const claimed = await this.db.query(
      'INSERT INTO shipping.shipment_actions (shipment_id, idempotency_key, request) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
      [shipmentId, key, request],
    );
    if (claimed.length > 0) return undefined;
    const [earlier] = await this.db.query<{ request: string }>(
      'SELECT request FROM shipping.shipment_actions WHERE shipment_id = $1 AND idempotency_key = $2',
      [shipmentId, key],
    );
    return earlier;
  }
}
