import { CreateShippingShipments1796349324391 } from './1796349324391-create-shipments.js';
import { AddShippingMessaging1796349324392 } from './1796349324392-add-messaging.js';

/** The shipping module's migrations, in order. Each touches the `shipping` schema only. */
export const shippingMigrations = [CreateShippingShipments1796349324391, AddShippingMessaging1796349324392];
