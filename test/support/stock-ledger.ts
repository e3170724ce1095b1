import { queryRows } from './test-database.js';

/**
 * The saga's stock invariant, for every product given: initial stock − units held by CONFIRMED,
 * SHIPPED or DELIVERED orders = current stock. Nothing taken twice, nothing left taken by an order
 * that did not confirm or was cancelled.
 */
export async function expectStockHeldByConfirmedOrders(
  databaseUrl: string,
  initialStock: ReadonlyMap<string, number>,
): Promise<void> {
  const held = await queryRows<{ product_id: string; held: string }>(
    databaseUrl,
    `SELECT l.product_id, sum(l.quantity) AS held FROM orders.order_lines l JOIN orders.orders o ON o.id = l.order_id WHERE o.status IN ('CONFIRMED', 'SHIPPED', 'DELIVERED') GROUP BY l.product_id`,
  );
  const stock = await queryRows<{ id: string; stock: number }>(databaseUrl, 'SELECT id, stock FROM catalog.products');
  for (const [id, initial] of initialStock) {
    const heldUnits = Number(held.find((row) => row.product_id === id)?.held ?? 0);
    expect({ id, stock: stock.find((row) => row.id === id)!.stock }).toEqual({ id, stock: initial - heldUnits });
  }
}
