import { CreateOrders1763769600000 } from './1763769600000-create-orders.js';
import { AddOrdersMessaging1763856000000 } from './1763856000000-add-messaging.js';
import { DropOrdersOutboxNotify1796299200000 } from './1796299200000-drop-outbox-notify.js';
import { AddOrdersShippingAddress1796400000000 } from './1796400000000-add-shipping-address.js';
import { AddOrdersShipmentView1796500000000 } from './1796500000000-add-shipment-view.js';
import { AddOrdersOutboxTraceContext1796600000000 } from './1796600000000-add-outbox-trace-context.js';
import { AddOrdersChangeMarks1796700000000 } from './1796700000000-add-order-change-marks.js';

/** The orders module's migrations, in order. Each touches the `orders` schema only. */
export const ordersMigrations = [
  CreateOrders1763769600000,
  AddOrdersMessaging1763856000000,
  DropOrdersOutboxNotify1796299200000,
  AddOrdersShippingAddress1796400000000,
  AddOrdersShipmentView1796500000000,
  AddOrdersOutboxTraceContext1796600000000,
  AddOrdersChangeMarks1796700000000,
];
