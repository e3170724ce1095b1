import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

export const ShipmentFailedV1 = defineIntegrationEvent({
  type: 'shipping.shipment-failed.v1',
  description:
    'The parcel could not be delivered (before or after dispatch); orders compensates by cancelling the order, which releases its stock.',
  example: {
    shipmentId: '01a20071-0b3c-7f6e-8a1d-2c4b5e6f7a81',
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    reason: 'Address does not exist.',
    previousStatus: 'DISPATCHED',
  },
  shape: (p) => ({
    shipmentId: p.uuid('shipmentId'),
    orderId: p.uuid('orderId'),
    reason: p.string('reason'),
    previousStatus: p.oneOf('previousStatus', ['PENDING', 'DISPATCHED'] as const),
  }),
});
export type ShipmentFailedV1 = EventPayload<typeof ShipmentFailedV1>;
