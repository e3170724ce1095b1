import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { HttpClient } from '../support/http-client.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { expectStatus, SHIPPING_ADDRESS, ShopActions } from '../support/shop-actions.js';
import { TEST_ADMIN, TEST_JWT_SECRET } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TesseraProcess } from '../support/tessera-process.js';

/**
 * How the build exports spans, by the standard variables alone: OTLP/HTTP protobuf by default, nothing at all when
 * the SDK is disabled. (One order as one trace across processes: test/topologies/traces.spec.ts.)
 */
describe('exporting traces (OTEL_* variables)', () => {
  let database: TestDatabase;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await database?.drop();
  });

  const run = async (env: Record<string, string>, work: (http: HttpClient) => Promise<void>) => {
    const port = await freePort();
    const process = TesseraProcess.start('main', {
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      ...env,
    });
    try {
      await process.waitFor('Tessera is running', 60_000);
      await work(new HttpClient(`http://127.0.0.1:${port}`));
    } finally {
      await process.stop('SIGTERM');
    }
    return process;
  };

  it('posts protobuf to <endpoint>/v1/traces by default, and says so at start-up', async () => {
    const process = await run({}, async (http) => {
      expect((await http.get('/api/catalog/products')).status).toBe(200);
      await eventually(
        () => Promise.resolve(receiver.contentTypes),
        (types) => types.includes('application/x-protobuf'),
        15_000,
        100,
      );
    });
    expect(process.stdout).toContain(`Traces:  ${receiver.url}/v1/traces as tessera`);
  });

  it('makes one order one trace in one process too, its events carried in process', async () => {
    await run({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, async (http) => {
      const shop = new ShopActions(http);
      const customer = await shop.registerCustomer();
      const tea = await shop.createProduct(await shop.adminToken(), { stock: 2 });
      const placed = await http.post(
        '/api/orders',
        { lines: [{ productId: tea.id, quantity: 1 }], shippingAddress: SHIPPING_ADDRESS },
        { token: customer.token },
      );
      expectStatus(placed, 202);
      const post = await eventually(
        () => Promise.resolve(receiver.spans.find((span) => span.name === 'POST /api/orders')),
        (span) => span !== undefined,
        15_000,
        100,
      );
      const spans = await eventually(
        () => Promise.resolve(receiver.trace(post!.traceId)),
        (trace) => trace.some((span) => span.name === 'handle orders.project-shipment-created'),
        15_000,
        100,
      );
      const ids = new Set(spans.map((span) => span.spanId));
      expect(spans.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId))).toEqual([]);
      expect(spans.filter((span) => span.parentSpanId === undefined)).toHaveLength(1);
      expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['tessera']));
      const handlers = spans.filter((span) => span.name.startsWith('handle ')).map((span) => span.name);
      expect(handlers).toEqual(
        expect.arrayContaining([
          'handle catalog.reserve-stock',
          'handle orders.confirm-order',
          'handle shipping.create-shipment',
        ]),
      );
      // In process there is no consumer span: each handler continues the relay's publish span directly.
      const publishes = new Map(
        spans.filter((span) => span.name.startsWith('publish ')).map((span) => [span.spanId, span]),
      );
      for (const handler of spans.filter((span) => span.name.startsWith('handle ')))
        expect(publishes.get(handler.parentSpanId!)?.attributes['messaging.system']).toBe('in-process');
    });
  });

  it('exports nothing, and loads no SDK, with OTEL_SDK_DISABLED=true', async () => {
    const before = receiver.contentTypes.length;
    const process = await run({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, async (http) => {
      expect((await http.get('/api/catalog/products')).status).toBe(200);
      const refused = await http.post('/api/users', undefined, { raw: '{' });
      expect(refused.status).toBe(400);
      expect(refused.body.traceId).toBeUndefined();
    });
    // A SIGTERM'd process exports what it buffered before it exits: had it traced, it would have sent it by now.
    expect(receiver.contentTypes.length).toBe(before);
    expect(process.stdout).not.toContain('Traces:');
  });
});
