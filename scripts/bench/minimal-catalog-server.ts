import Fastify from 'fastify';
import pg from 'pg';

/**
 * The read baseline: the smallest reasonable Fastify + `pg` service running the
 * same catalog queries Tessera runs, with no framework, validation or auth. It
 * does the leanest work pg allows, as Tessera does: named (prepared) statements,
 * rows as arrays.
 */
const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
const COLUMNS = 'id, sku, name, description, price_cents, stock';
const BY_ID = { name: 'baseline.product-by-id', text: `SELECT ${COLUMNS} FROM catalog.products WHERE id = $1` };
const PAGE = { name: 'baseline.products-page', text: `SELECT ${COLUMNS} FROM catalog.products ORDER BY id LIMIT $1` };
const view = (row: unknown[]) => ({
  id: row[0],
  sku: row[1],
  name: row[2],
  description: row[3],
  priceCents: row[4],
  stock: row[5],
});

app.get<{ Params: { id: string } }>('/api/catalog/products/:id', async (request, reply) => {
  const { rows } = await pool.query<unknown[]>({ ...BY_ID, values: [request.params.id], rowMode: 'array' });
  if (!rows[0]) return reply.status(404).send({ status: 404 });
  return view(rows[0]);
});
app.get<{ Querystring: { limit?: string } }>('/api/catalog/products', async (request) => {
  const limit = Number(request.query.limit ?? 20);
  const { rows } = await pool.query<unknown[]>({ ...PAGE, values: [limit + 1], rowMode: 'array' });
  return { items: rows.slice(0, limit).map(view), nextCursor: rows.length > limit ? 'x' : null };
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('minimal server listening\n');
