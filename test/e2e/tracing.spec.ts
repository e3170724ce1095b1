import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { eventually } from '../support/eventually.js';
import { ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

/** One order can be followed from its HTTP request through every handler, in the logs and in the events. */
describe('tracing an order', () => {
  let app: TestApp;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const destination = new PassThrough();
    let buffer = '';
    destination.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
        buffer = buffer.slice(newline + 1);
      }
    });
    app = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: destination });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('carries the request id and the correlation id from the request into every event and handler log line', async () => {
    const shop = new ShopActions(app.http);
    const admin = await shop.adminToken();
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 3 });
    const placed = await app.http.post(
      '/api/orders',
      { lines: [{ productId: tea.id, quantity: 1 }] },
      { token: customer.token, headers: { 'x-correlation-id': 'trace-me-0001', 'x-request-id': 'request-0001' } },
    );
    expect(placed.status).toBe(202);
    expect(placed.headers.get('x-request-id')).toBe('request-0001');
    await eventually(
      () => app.http.get(`/api/orders/${placed.body.id}`, { token: customer.token }),
      (r) => r.body.status === 'CONFIRMED',
    );
    await eventually(
      async () => lines.filter((line) => line.handler === 'orders.project-shipment-created').length,
      (n) => n > 0,
    );

    const traced = lines.filter((line) => line.correlationId === 'trace-me-0001');
    expect(traced.find((line) => line.msg === 'request completed')).toMatchObject({
      requestId: 'request-0001',
      method: 'POST',
      url: '/api/orders',
      statusCode: 202,
    });
    // One id field per line, not Fastify's `reqId` beside ours.
    expect(lines.filter((line) => 'reqId' in line)).toEqual([]);
    expect(traced.filter((line) => line.msg === 'event handled').map((line) => line.handler)).toEqual([
      'catalog.reserve-stock',
      'orders.confirm-order',
      'shipping.create-shipment',
      'orders.project-shipment-created',
    ]);

    const events = await withClient(app.database.url, (client) =>
      client.query<{ id: string; type: string; causation_id: string }>(
        `SELECT id, type, causation_id FROM (SELECT * FROM catalog.outbox UNION ALL SELECT * FROM orders.outbox UNION ALL SELECT * FROM shipping.outbox) e WHERE correlation_id = 'trace-me-0001' ORDER BY occurred_at`,
      ),
    ).then((result) => result.rows);
    expect(events.map((event) => event.type)).toEqual([
      'orders.order-placed.v1',
      'catalog.stock-reserved.v1',
      'orders.order-confirmed.v1',
      'shipping.shipment-created.v1',
    ]);
    const [placedEvent, reserved, confirmed, shipment] = events;
    expect(placedEvent.causation_id).toBe('request-0001');
    expect(reserved.causation_id).toBe(placedEvent.id);
    expect(confirmed.causation_id).toBe(reserved.id);
    expect(shipment.causation_id).toBe(confirmed.id);
  });

  it('logs requests answered before routing or in the first hook with their request ids too', async () => {
    const refused = await app.http.get('/api/orders/%', { headers: { 'x-request-id': 'request-bad-url-1' } });
    expect(refused.status).toBe(400);
    await eventually(
      async () => lines.find((line) => line.msg === 'request completed' && line.requestId === 'request-bad-url-1'),
      (line) => line !== undefined,
    );
    expect(
      lines.find((line) => line.requestId === 'request-bad-url-1' && line.msg === 'request completed'),
    ).toMatchObject({ statusCode: 400, url: '/api/orders/%' });

    // Refused in the first hook: logged with its id all the same.
    const noHost = await new Promise<string>((resolve, reject) => {
      let answer = '';
      const socket = connect(Number(new URL(app.http.baseUrl).port), '127.0.0.1', () =>
        socket.end('GET /health HTTP/1.1\r\nX-Request-Id: request-no-host-1\r\n\r\n'),
      );
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(noHost).toMatch(/^HTTP\/1\.1 400 /);
    await eventually(
      async () => lines.find((line) => line.msg === 'request completed' && line.requestId === 'request-no-host-1'),
      (line) => line !== undefined,
    );

    const metrics = await app.http.get('/metrics');
    expect(metrics.body).toMatch(
      /tessera_http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="400"[^}]*\} [1-9]/,
    );
  });
});
