import { CreateOrders1763769600000 } from './1763769600000-create-orders.js';

/** The orders module's migrations, in order. Each touches the `orders` schema only. */
export const ordersMigrations = [CreateOrders1763769600000];
