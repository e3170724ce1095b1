import Fastify from 'fastify';
import pg from 'pg';

/**
 * The read baseline: the smallest reasonable Fastify + `pg` service running the
 * same catalog queries Tessera runs, with no framework, validation or auth.
 */
const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
const COLUMNS = 'id, sku, name, description, price_cents, stock';
const view = (row: Record<string, unknown>) => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  priceCents: row.price_cents,
  stock: row.stock,
});

app.get<{ Params: { id: string } }>('/api/catalog/products/:id', async (request, reply) => {
  const { rows } = await pool.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM catalog.products WHERE id = $1`, [
    request.params.id,
  ]);
  if (!rows[0]) return reply.status(404).send({ status: 404 });
  return view(rows[0]);
});
app.get<{ Querystring: { limit?: string } }>('/api/catalog/products', async (request) => {
  const limit = Number(request.query.limit ?? 20);
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM catalog.products ORDER BY id LIMIT $1`, [limit + 1]);
  return { items: rows.slice(0, limit).map(view), nextCursor: rows.length > limit ? 'x' : null };
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('minimal server listening\n');
