import { queryRows } from './test-database.js';

/**
 * The saga's stock invariant, for every product given: initial stock − units held by CONFIRMED,
 * SHIPPED or DELIVERED orders = current stock. Nothing taken twice, nothing left taken by an order
 * that did not confirm or was cancelled. One line per product where it does not hold; the orders and
 * the catalog may be on databases of their own (micro).
 */
export async function stockDiscrepancies(
  databases: { orders: string; catalog: string },
  initialStock: ReadonlyMap<string, number>,
): Promise<string[]> {
  const held = await queryRows<{ product_id: string; held: string }>(
    databases.orders,
    `SELECT l.product_id, sum(l.quantity) AS held FROM orders.order_lines l JOIN orders.orders o ON o.id = l.order_id
      WHERE o.status IN ('CONFIRMED', 'SHIPPED', 'DELIVERED') GROUP BY l.product_id`,
  );
  const stock = await queryRows<{ id: string; stock: number }>(
    databases.catalog,
    'SELECT id, stock FROM catalog.products',
  );
  const discrepancies: string[] = [];
  for (const [id, initial] of initialStock) {
    const expected = initial - Number(held.find((row) => row.product_id === id)?.held ?? 0);
    const actual = stock.find((row) => row.id === id)?.stock;
    if (actual !== expected)
      discrepancies.push(`product ${id}: stock ${actual}, expected ${initial} − held = ${expected}`);
  }
  return discrepancies;
}

/** `stockDiscrepancies` on one database, as a Jest assertion. */
export async function expectStockHeldByConfirmedOrders(
  databaseUrl: string,
  initialStock: ReadonlyMap<string, number>,
): Promise<void> {
  expect(await stockDiscrepancies({ orders: databaseUrl, catalog: databaseUrl }, initialStock)).toEqual([]);
}
