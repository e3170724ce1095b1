import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { expectStatus, SHIPPING_ADDRESS, ShopActions } from '../support/shop-actions.js';
import { describeWithBroker } from './support/broker.js';
import { Deployment } from './support/deployment.js';

/**
 * OpenTelemetry on real processes: catalog in a process of its own, both exporting to a small OTLP/HTTP receiver
 * started here. One order must be one trace, one connected tree from the POST to the confirmation and on to
 * shipping, with spans from both processes; logs and error answers must lead to it.
 */
const { describe: describeTraces, reason } = await describeWithBroker();

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** The spans from `span` up to the root of its trace, itself first. */
function ancestry(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((each) => [each.spanId, each]));
  const path = [span];
  for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? ''))
    path.push(parent);
  return path;
}

describeTraces(`one trace per order (mini: catalog alone)${reason}`, () => {
  let receiver: OtlpReceiver;
  let deployment: Deployment;
  let http: HttpClient;
  let shop: ShopActions;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    deployment = await Deployment.start(
      { kind: 'mini', extracted: 'catalog' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', LOG_LEVEL: 'info' },
    );
    http = new HttpClient(deployment.baseUrl);
    shop = new ShopActions(http);
  }, 90_000);
  afterAll(async () => {
    await deployment?.stop();
    await receiver?.stop();
  });

  it('follows POST /api/orders through both processes to CONFIRMED and the shipment, as one connected tree', async () => {
    const admin = await shop.adminToken();
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 4 });
    const placed = await http.post(
      '/api/orders',
      { lines: [{ productId: tea.id, quantity: 1 }], shippingAddress: SHIPPING_ADDRESS },
      { token: customer.token },
    );
    expectStatus(placed, 202);
    await eventually(
      () => http.get(`/api/orders/${placed.body.id}`, { token: customer.token }),
      (response) => response.body.status === 'CONFIRMED',
    );

    // Spans are exported in batches, every few seconds.
    const post = await eventually(
      () => Promise.resolve(receiver.spans.find((span) => span.kind === SERVER && span.name === 'POST /api/orders')),
      (span) => span !== undefined,
      20_000,
    );
    const spans = await eventually(
      () => Promise.resolve(receiver.trace(post!.traceId)),
      // Each process exports on its own schedule: wait until the last step is in and no span's parent is missing.
      (trace) =>
        trace.some((span) => span.name === 'handle shipping.create-shipment') &&
        trace.every((span) => !span.parentSpanId || trace.some((parent) => parent.spanId === span.parentSpanId)),
      20_000,
      250,
    );

    // One tree: the POST is the only root, and every other span's parent is in the trace.
    const ids = new Set(spans.map((span) => span.spanId));
    expect(spans.filter((span) => span.parentSpanId === undefined).map((span) => span.name)).toEqual([
      'POST /api/orders',
    ]);
    expect(spans.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId))).toEqual([]);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['tessera', 'tessera-catalog']));

    // The saga's path, leaf to root: confirmed in main, after catalog reserved the stock, after the POST placed the
    // order. An event's publish continues the span that raised it; its outbox write is a sibling of that publish.
    const confirm = spans.find((span) => span.name === 'handle orders.confirm-order')!;
    expect(ancestry(confirm, spans).map((span) => `${span.service} ${span.name}`)).toEqual([
      'tessera handle orders.confirm-order',
      'tessera process catalog.stock-reserved.v1',
      'tessera-catalog publish catalog.stock-reserved.v1',
      'tessera-catalog handle catalog.reserve-stock',
      'tessera-catalog process orders.order-placed.v1',
      'tessera publish orders.order-placed.v1',
      'tessera POST /api/orders',
    ]);
    expect(spans.map((span) => span.name)).toEqual(
      expect.arrayContaining(['orders outbox write', 'catalog outbox write', 'publish orders.order-confirmed.v1']),
    );
    expect(spans.find((span) => span.name === 'publish orders.order-placed.v1')).toMatchObject({
      kind: PRODUCER,
      attributes: { 'messaging.system': 'rabbitmq', 'messaging.message.id': expect.any(String) },
    });
    expect(spans.find((span) => span.name === 'process orders.order-placed.v1')).toMatchObject({
      kind: CONSUMER,
      attributes: { 'messaging.consumer.group.name': 'catalog' },
    });
    // The database work of each step is in the tree, in both processes.
    for (const service of ['tessera', 'tessera-catalog'])
      expect(spans.some((span) => span.service === service && span.attributes['db.system.name'] === 'postgresql')).toBe(
        true,
      );

    // Every log line written inside the trace names it.
    const logged = deployment.processes
      .get('main')!
      .stdout.split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.trace_id === post!.traceId);
    expect(logged.map((line) => line.msg)).toEqual(expect.arrayContaining(['request completed', 'event handled']));
    expect(logged.every((line) => typeof line.span_id === 'string' && ids.has(line.span_id))).toBe(true);
  });

  it('puts the trace id in a problem answer, leading to the trace of the failed request', async () => {
    const customer = await shop.registerCustomer();
    const refused = await http.post('/api/orders', undefined, { token: customer.token, raw: '{"lines": [' });
    expectStatus(refused, 400);
    expect(refused.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = await eventually(
      () => Promise.resolve(receiver.trace(refused.body.traceId as string)),
      (trace) => trace.length > 0,
      20_000,
      250,
    );
    expect(spans.map((span) => span.name)).toContain('POST /api/orders');
  });
});
