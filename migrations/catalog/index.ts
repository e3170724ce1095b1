import { CreateProducts1763769600000 } from './1763769600000-create-products.js';
import { AddCatalogMessaging1763856000000 } from './1763856000000-add-messaging.js';
import { CreateStockReservations1763856000001 } from './1763856000001-create-stock-reservations.js';
import { CreateStockAdjustments1795300000001 } from './1795300000001-create-stock-adjustments.js';
import { DropCatalogOutboxNotify1796299200000 } from './1796299200000-drop-outbox-notify.js';
import { AddCatalogOutboxTraceContext1796600000000 } from './1796600000000-add-outbox-trace-context.js';

/** The catalog module's migrations, in order. Each touches the `catalog` schema only. */
export const catalogMigrations = [
  CreateProducts1763769600000,
  AddCatalogMessaging1763856000000,
  CreateStockReservations1763856000001,
  CreateStockAdjustments1795300000001,
  DropCatalogOutboxNotify1796299200000,
  AddCatalogOutboxTraceContext1796600000000,
];
