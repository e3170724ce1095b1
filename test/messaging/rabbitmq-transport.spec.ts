import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { brokerNames } from '../../src/shared/messaging/transport/rabbitmq.transport.js';
import { EventTransport } from '../../src/shared/messaging/transport/event-transport.js';
import { BROKER_URL, deleteBrokerNamespace, describeWithBroker } from '../topologies/support/broker.js';
import { eventually } from '../support/eventually.js';
import { withClient } from '../support/test-database.js';
import { TcpProxy } from '../topologies/support/tcp-proxy.js';
import {
  listenerState,
  probeActions,
  ProbePublisher,
  probeModules,
  resetListener,
  ThingHappenedV1,
} from '../support/probe-modules.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tokenFor } from '../support/tokens.js';

/**
 * The messaging kernel over RabbitMQ, on the same throw-away modules as the
 * in-process kernel test: delivery, duplicates, per-aggregate order, retries
 * counted by the consumer's inbox, and parking into the dead-letter queue.
 */
const { describe: describeBroker, reason } = await describeWithBroker();

describeBroker(`messaging kernel over RabbitMQ${reason}`, () => {
  const namespace = `tessera-kernel-${randomUUID().slice(0, 8)}`;
  const names = brokerNames(namespace);
  const admin = tokenFor(['customer', 'admin']);
  let app: TestApp;
  let probe: ProbePublisher;

  beforeAll(async () => {
    app = await startTestApp(
      {
        BROKER_URL,
        BROKER_NAMESPACE: namespace,
        EVENT_MAX_ATTEMPTS: '3',
        EVENT_RETRY_BASE_MS: '10',
        EVENT_RETRY_MAX_MS: '50',
      },
      { modules: probeModules(), consumers: { listener: [ThingHappenedV1.type] } },
    );
    probe = app.running.app.get(ProbePublisher);
  });
  afterAll(async () => {
    await app?.close();
    await deleteBrokerNamespace(namespace, ['listener']);
  });
  beforeEach(resetListener);

  const { publish, seen } = probeActions(() => app);
  const deadLetterQueueDepth = async () => {
    const connection = await connect(BROKER_URL);
    try {
      const channel = await connection.createChannel();
      return (await channel.checkQueue(names.deadLetterQueue('listener'))).messageCount;
    } finally {
      await connection.close();
    }
  };

  it('delivers a committed event through the broker, and a redelivered copy has no second effect', async () => {
    const envelope = await publish('brokered');
    await eventually(
      () => seen('brokered'),
      (rows) => rows.length === 1,
    );
    const transport = app.running.app.get(EventTransport);
    await transport.publish(envelope);
    await transport.publish(envelope);
    const text = await eventually(
      () => app.http.get('/metrics').then((response) => response.body as string),
      (metrics) =>
        /tessera_events_handled_total\{module="listener",handler="listener.record-thing",outcome="duplicate"\} [2-9]/.test(
          metrics,
        ),
    );
    expect(text).toMatch(/^tessera_broker_connected 1$/m);
    expect(await seen('brokered')).toHaveLength(1);
  });

  it('keeps the order of events per aggregate', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await probe.transactions.run(async () => {
      for (let sequence = 0; sequence < 30; sequence++)
        await probe.outbox.append(ThingHappenedV1, sequence % 2 === 0 ? a : b, { thing: 'ordered', sequence });
    });
    const rows = await eventually(
      () => seen('ordered'),
      (found) => found.length === 30,
    );
    for (const aggregate of [a, b]) {
      const sequences = rows.filter((row) => row.aggregate_id === aggregate).map((row) => row.sequence);
      expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
      expect(sequences).toHaveLength(15);
    }
  });

  it("retries a passing failure until the handler succeeds, with one effect, the aggregate's next event waiting behind it", async () => {
    listenerState.failuresLeft = 2;
    const callsBefore = listenerState.handledCalls;
    const aggregate = randomUUID();
    await probe.transactions.run(async () => {
      await probe.outbox.append(ThingHappenedV1, aggregate, { thing: 'flaky', sequence: 0 });
      await probe.outbox.append(ThingHappenedV1, aggregate, { thing: 'flaky', sequence: 1 });
    });
    const rows = await eventually(
      () => seen('flaky'),
      (found) => found.length === 2,
      10_000,
    );
    expect(rows.map((row) => row.sequence)).toEqual([0, 1]);
    expect(listenerState.handledCalls - callsBefore).toBe(4);
    const letters = await app.http.get('/api/admin/events/dead-letters', { token: admin });
    expect(letters.body.items.filter((item: { error: string }) => item.error.includes('a passing failure'))).toEqual(
      [],
    );
  });

  it('counts attempts in the inbox across redeliveries and parks the event in the dead-letter queue after the last', async () => {
    listenerState.failWith = 'the warehouse is on fire';
    const callsBefore = listenerState.handledCalls;
    const depthBefore = await deadLetterQueueDepth();
    const envelope = await publish('poisoned');
    const parked = await eventually(
      () => app.http.get('/api/admin/events/dead-letters', { token: admin }),
      (response) => response.body.items.some((item: { eventId: string }) => item.eventId === envelope.id),
      10_000,
    );
    const letter = parked.body.items.find((item: { eventId: string }) => item.eventId === envelope.id);
    expect(letter).toMatchObject({ module: 'listener', handler: 'listener.record-thing', attempts: 3 });
    expect(letter.error).toContain('the warehouse is on fire');
    expect(listenerState.handledCalls - callsBefore).toBe(3);
    await eventually(deadLetterQueueDepth, (depth) => depth === depthBefore + 1);
    expect(await seen('poisoned')).toEqual([]);

    listenerState.failWith = undefined;
    const redriven = await app.http.post(`/api/admin/events/dead-letters/${letter.id}/redrive`, undefined, {
      token: admin,
    });
    expect(redriven.status).toBe(200);
    expect(await seen('poisoned')).toHaveLength(1);
  });

  it('moves a message whose id is not a UUID to the dead-letter queue instead of retrying it forever', async () => {
    const depthBefore = await deadLetterQueueDepth();
    const connection = await connect(BROKER_URL);
    try {
      const channel = await connection.createConfirmChannel();
      const envelope = {
        id: 'not-a-uuid',
        type: ThingHappenedV1.type,
        occurredAt: new Date().toISOString(),
        aggregateId: randomUUID(),
        correlationId: randomUUID(),
        causationId: null,
        payload: { thing: 'bad-id', sequence: 0 },
      };
      channel.publish(names.exchange, ThingHappenedV1.type, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
      });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    await eventually(deadLetterQueueDepth, (depth) => depth === depthBefore + 1);
    expect(await seen('bad-id')).toEqual([]);
  });

  it('publishes CloudEvents in binary mode that any AMQP client can read, and handles one another client sends', async () => {
    const connection = await connect(BROKER_URL);
    try {
      const channel = await connection.createConfirmChannel();
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, names.exchange, ThingHappenedV1.type);
      const envelope = await publish('in-the-open');
      const message = await eventually(
        () => channel.get(queue, { noAck: true }),
        (got) => got !== false,
      );
      if (message === false) throw new Error('no message');
      expect(message.properties.contentType).toBe('application/json');
      expect(message.properties.headers).toMatchObject({
        'cloudEvents:specversion': '1.0',
        'cloudEvents:id': envelope.id,
        'cloudEvents:type': `tessera.${ThingHappenedV1.type}`,
        'cloudEvents:source': '/tessera/probe',
        'cloudEvents:subject': envelope.aggregateId,
        'cloudEvents:time': envelope.occurredAt,
      });
      expect(JSON.parse(message.content.toString('utf8'))).toEqual(envelope.payload);

      // A producer outside Tessera, writing the binary mode by hand: handled like Tessera's own.
      channel.publish(
        names.exchange,
        ThingHappenedV1.type,
        Buffer.from(JSON.stringify({ thing: 'from-outside', sequence: 0 })),
        {
          persistent: true,
          contentType: 'application/json',
          headers: {
            'cloudEvents:specversion': '1.0',
            'cloudEvents:id': randomUUID(),
            'cloudEvents:type': `tessera.${ThingHappenedV1.type}`,
            'cloudEvents:source': '/elsewhere',
            'cloudEvents:subject': randomUUID(),
            'cloudEvents:time': new Date().toISOString(),
          },
        },
      );
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    await eventually(
      () => seen('from-outside'),
      (rows) => rows.length === 1,
    );
  });

  it('moves a message whose envelope type is not the one it was routed by, or not one the module consumes, to the dead-letter queue', async () => {
    const depthBefore = await deadLetterQueueDepth();
    const envelope = (type: string, thing: string) =>
      Buffer.from(
        JSON.stringify({
          id: randomUUID(),
          type,
          occurredAt: new Date().toISOString(),
          aggregateId: randomUUID(),
          correlationId: randomUUID(),
          causationId: null,
          payload: { thing, sequence: 0 },
        }),
      );
    const connection = await connect(BROKER_URL);
    try {
      const channel = await connection.createConfirmChannel();
      // Routed as a consumed type, but calling itself another.
      channel.publish(names.exchange, ThingHappenedV1.type, envelope('probe.thing-happened.v2', 'mislabelled'), {
        persistent: true,
      });
      // Routed and labelled alike, by a binding left behind for a type the module does not consume.
      await channel.bindQueue(names.queue('listener'), names.exchange, 'probe.thing-retired.v1');
      channel.publish(names.exchange, 'probe.thing-retired.v1', envelope('probe.thing-retired.v1', 'retired'), {
        persistent: true,
      });
      // Moved back from the dead-letter queue by an operator (the default exchange, routed by queue name): handled.
      channel.sendToQueue(names.queue('listener'), envelope(ThingHappenedV1.type, 'moved-back'), { persistent: true });
      await channel.waitForConfirms();
      await channel.unbindQueue(names.queue('listener'), names.exchange, 'probe.thing-retired.v1');
    } finally {
      await connection.close();
    }
    await eventually(deadLetterQueueDepth, (depth) => depth === depthBefore + 2);
    await eventually(
      () => seen('moved-back'),
      (rows) => rows.length === 1,
    );
    expect(await seen('mislabelled')).toEqual([]);
    expect(await seen('retired')).toEqual([]);
  });

  it('consumes again when the broker cancels its consumer (its queue deleted), declaring the queue anew', async () => {
    const connection = await connect(BROKER_URL);
    try {
      const channel = await connection.createChannel();
      await channel.deleteQueue(names.queue('listener'));
    } finally {
      await connection.close();
    }
    // The queue comes back (events published before that would have had nowhere to go), and the broker is healthy.
    const queueExists = async () => {
      const probe = await connect(BROKER_URL);
      try {
        const channel = await probe.createChannel();
        channel.on('error', () => undefined); // a missing queue closes the channel: that is the answer
        return await channel.checkQueue(names.queue('listener')).then(
          () => true,
          () => false,
        );
      } finally {
        await probe.close().catch(() => undefined);
      }
    };
    await eventually(queueExists, (exists) => exists, 10_000);
    await eventually(
      () => app.http.get('/health'),
      (health) => health.status === 200,
    );
    await publish('after-cancel');
    await eventually(
      () => seen('after-cancel'),
      (rows) => rows.length === 1,
      10_000,
    );
  });

  it('records failed deliveries on their outbox rows while the broker is unreachable, and delivers each once when it returns', async () => {
    const target = new URL(BROKER_URL);
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
    const viaProxy = new URL(BROKER_URL);
    viaProxy.port = String(proxy.port);
    const cutNamespace = `${namespace}-cut`;
    const cut = await startTestApp(
      {
        BROKER_URL: viaProxy.toString(),
        BROKER_NAMESPACE: cutNamespace,
        EVENT_RETRY_BASE_MS: '20',
        EVENT_RETRY_MAX_MS: '200',
      },
      { modules: probeModules(), consumers: { listener: [ThingHappenedV1.type] } },
    );
    try {
      const { publish: publishCut, seen: seenCut } = probeActions(() => cut);
      await proxy.pause();
      const published = await Promise.all(Array.from({ length: 20 }, () => publishCut('cut-off')));
      const outboxRows = () =>
        withClient(cut.database.url, (client) =>
          client.query<{ id: string; attempts: number; last_error: string | null; delivered: boolean }>(
            `SELECT id, attempts, last_error, delivered_at IS NOT NULL AS delivered FROM probe.outbox WHERE payload->>'thing' = 'cut-off'`,
          ),
        ).then((result) => result.rows);
      // Every row carries its failed attempts and the reason, and waits for its next try.
      const failing = await eventually(
        outboxRows,
        (rows) => rows.length === 20 && rows.every((row) => row.attempts >= 2 && row.last_error !== null),
        15_000,
      );
      expect(failing.every((row) => !row.delivered)).toBe(true);
      expect(await seenCut('cut-off')).toEqual([]);

      await proxy.resume();
      const seen = await eventually(
        () => seenCut('cut-off'),
        (rows) => rows.length === 20,
        20_000,
      );
      expect(new Set(seen.map((row) => row.event_id))).toEqual(new Set(published.map((envelope) => envelope.id)));
      expect((await outboxRows()).every((row) => row.delivered)).toBe(true);
    } finally {
      await cut.close();
      await proxy.stop();
      await deleteBrokerNamespace(cutNamespace, ['listener']);
    }
  }, 60_000);
});
