/**
 * Port: the Idempotency-Keys admin actions on a shipment were made with. Used
 * inside the action's transaction, so a key is kept only when its action committed.
 */
export abstract class ShipmentActionKeys {
  /**
   * Records `key` for the shipment with what it asked (`request`: the action and
   * its body); returns undefined when the key is new, or the request it was first
   * used for. A concurrent request with the same key waits for the first to end.
   */
  abstract claim(shipmentId: string, key: string, request: string): Promise<{ readonly request: string } | undefined>;
}
