import { CreateShippingShipments1796349324391 } from './1796349324391-create-shipments.js';
import { AddShippingMessaging1796349324392 } from './1796349324392-add-messaging.js';
import { AddShippingOutboxTraceContext1796600000000 } from './1796600000000-add-outbox-trace-context.js';

/** The shipping module's migrations, in order. Each touches the `shipping` schema only. */
export const shippingMigrations = [
  CreateShippingShipments1796349324391,
  AddShippingMessaging1796349324392,
  AddShippingOutboxTraceContext1796600000000,
];
