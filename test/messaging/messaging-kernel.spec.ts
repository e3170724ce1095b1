import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { EventTransport } from '../../src/shared/messaging/transport/event-transport.js';
import { defineIntegrationEvent } from '../../src/shared/messaging/events/integration-event.js';
import type { EventEnvelope } from '../../src/shared/messaging/events/event-envelope.js';
import { MESSAGING_SETTINGS, type MessagingSettings } from '../../src/shared/messaging/messaging-settings.js';
import { OutboxRelay } from '../../src/shared/messaging/outbox/outbox.relay.js';
import { RelayWakeUp } from '../../src/shared/messaging/outbox/relay.wake-up.js';
import { moduleConnectionUrl } from '../../src/shared/database/module-database/module-role.js';
import { Metrics } from '../../src/shared/observability/metrics.js';
import { eventually } from '../support/eventually.js';
import {
  listenerState,
  probeActions,
  ProbePublisher,
  probeModules,
  resetListener,
  ThingHappenedV1,
} from '../support/probe-modules.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { tokenFor } from '../support/tokens.js';

/** The outbox, relay, inbox and dead letters, on two throw-away modules over a real database. */
describe('messaging kernel', () => {
  let app: TestApp;
  let probe: ProbePublisher;
  const admin = tokenFor(['customer', 'admin']);

  beforeAll(async () => {
    app = await startTestApp(
      { EVENT_MAX_ATTEMPTS: '3', EVENT_RETRY_BASE_MS: '10', EVENT_RETRY_MAX_MS: '50', RELAY_POLL_INTERVAL_MS: '60000' },
      { modules: probeModules() },
    );
    probe = app.running.app.get(ProbePublisher);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(resetListener);

  const { publish, seen } = probeActions(() => app);
  /** A probe event whose payload breaks its contract (no sequence; `thing` as given): parked on arrival. */
  const malformedEnvelope = (thing: unknown): EventEnvelope => ({
    id: randomUUID(),
    type: 'probe.thing-happened.v1',
    occurredAt: new Date().toISOString(),
    aggregateId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    payload: { thing },
  });
  const undelivered = () =>
    withClient(moduleConnectionUrl('probe', app.database.url), (client) =>
      client.query('SELECT count(*)::int AS n FROM probe.outbox WHERE delivered_at IS NULL'),
    ).then((result) => result.rows[0].n as number);

  it('delivers a committed event to its consumer within milliseconds, its relay woken in process at commit', async () => {
    const started = Date.now();
    await publish('prompt');
    await eventually(
      () => seen('prompt'),
      (rows) => rows.length === 1,
      2_000,
      5,
    );
    // Polling is set to once a minute here: only the wake-up at commit can deliver within the second.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    await expect(
      probe.transactions.run(async () => {
        await probe.outbox.append(ThingHappenedV1, randomUUID(), { thing: 'rolled-back', sequence: 0 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await publish('after-rollback');
    await eventually(
      () => seen('after-rollback'),
      (rows) => rows.length === 1,
    );
    expect(await seen('rolled-back')).toEqual([]);
  });

  it("refuses to publish another module's event type", async () => {
    const impostor = defineIntegrationEvent({
      type: 'listener.thing-seen.v1',
      description: 'Belongs to listener.',
      shape: (p) => ({ thing: p.string('thing') }),
    });
    await expect(
      probe.transactions.run(() => probe.outbox.append(impostor, randomUUID(), { thing: 'x' })),
    ).rejects.toThrow(
      'probe cannot publish listener.thing-seen.v1: that event belongs to listener, which alone publishes it',
    );
  });

  it('refuses to append an event outside a transaction, and a payload that breaks its own contract', async () => {
    await expect(probe.outbox.append(ThingHappenedV1, randomUUID(), { thing: 'outside', sequence: 0 })).rejects.toThrow(
      /inside the transaction/,
    );
    await expect(
      probe.transactions.run(() => probe.outbox.append(ThingHappenedV1, randomUUID(), { thing: '', sequence: -1 })),
    ).rejects.toThrow(/payload is invalid/);
  });

  it('handles a redelivered event once', async () => {
    const envelope = await publish('duplicate');
    await eventually(
      () => seen('duplicate'),
      (rows) => rows.length === 1,
    );
    const transport = app.running.app.get(EventTransport);
    await transport.publish(envelope);
    await transport.publish(envelope);
    expect(await seen('duplicate')).toHaveLength(1);
  });

  it('keeps the order of events per aggregate', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await probe.transactions.run(async () => {
      for (let sequence = 0; sequence < 30; sequence++) {
        await probe.outbox.append(ThingHappenedV1, sequence % 2 === 0 ? a : b, { thing: 'ordered', sequence });
      }
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

  it('never lets two relay instances deliver the same row', async () => {
    const settings = app.running.app.get<MessagingSettings>(MESSAGING_SETTINGS);
    const published: string[] = [];
    const counting: EventTransport = {
      system: 'test',
      publish: async (envelope: EventEnvelope) => {
        published.push(envelope.id);
        await new Promise((resolve) => setTimeout(resolve, 2)); // hold the claim a little
      },
      subscribe: () => undefined,
      watch: () => () => undefined,
    };
    // Stop the app's own relay so only the two competing instances below deliver.
    await probe.relay.stop();
    try {
      const ids = await probe.transactions.run(async () => {
        const envelopes = [];
        for (let sequence = 0; sequence < 200; sequence++)
          envelopes.push(await probe.outbox.append(ThingHappenedV1, randomUUID(), { thing: 'competing', sequence }));
        return envelopes.map((envelope) => envelope.id);
      });
      const relay = () =>
        new OutboxRelay(
          'probe',
          probe.transactions,
          new RelayWakeUp(),
          counting,
          { ...settings, relayBatchSize: 20 },
          new Metrics(),
          pino({ level: 'silent' }),
        );
      const [first, second] = [relay(), relay()];
      const delivered = await Promise.all([first.drain(), second.drain(), first.drain(), second.drain()]);
      expect(delivered.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(200);
      expect([...published].sort()).toEqual([...ids].sort());
      expect(await undelivered()).toBe(0);
    } finally {
      probe.relay.start();
    }
  });

  it('records a failed batch row by row: each row its own attempt count, backoff and error, beside the rows delivered with it', async () => {
    const settings = app.running.app.get<MessagingSettings>(MESSAGING_SETTINGS);
    const backoff = { ...settings, retryBaseMs: 1_000, retryMaxMs: 600_000 };
    const failing: EventTransport = {
      system: 'test',
      publish: async (envelope: EventEnvelope) => {
        const { thing } = envelope.payload as { thing: string };
        if (thing.startsWith('fails')) throw new Error(`broker said no to ${envelope.id}`);
      },
      subscribe: () => undefined,
      watch: () => () => undefined,
    };
    const rowsOf = (ids: readonly string[]) =>
      withClient(moduleConnectionUrl('probe', app.database.url), (client) =>
        client.query<{
          id: string;
          attempts: number;
          delivered: boolean;
          last_error: string | null;
          retry_at_ms: string;
        }>(
          `SELECT id, attempts, delivered_at IS NOT NULL AS delivered, last_error, (extract(epoch FROM next_attempt_at) * 1000)::bigint AS retry_at_ms
             FROM probe.outbox WHERE id = ANY($1::uuid[])`,
          [ids],
        ),
      ).then((result) => new Map(result.rows.map((row) => [row.id, row])));
    await probe.relay.stop();
    let ids: string[] = [];
    try {
      // Four events on four aggregates, so one claim takes them all; three of them have failed before, differently often.
      const earlierAttempts = [0, 2, 5, 1];
      const things = ['fails-first-time', 'fails-again', 'fails-once-more', 'goes-through'];
      ids = await probe.transactions.run(async () =>
        Promise.all(
          things.map(
            async (thing, sequence) =>
              (await probe.outbox.append(ThingHappenedV1, randomUUID(), { thing, sequence })).id,
          ),
        ),
      );
      await withClient(moduleConnectionUrl('probe', app.database.url), (client) =>
        client.query(
          'UPDATE probe.outbox SET attempts = f.attempts FROM unnest($1::uuid[], $2::int[]) AS f(id, attempts) WHERE outbox.id = f.id',
          [ids, earlierAttempts],
        ),
      );

      const relay = new OutboxRelay(
        'probe',
        probe.transactions,
        new RelayWakeUp(),
        failing,
        backoff,
        new Metrics(),
        pino({ level: 'silent' }),
      );
      expect(await relay.drain()).toBe(1);

      const rows = await rowsOf(ids);
      const [first, again, onceMore, through] = ids.map((id) => rows.get(id)!);
      expect([first, again, onceMore, through].map((row) => row.attempts)).toEqual([1, 3, 6, 2]);
      expect([first, again, onceMore, through].map((row) => row.delivered)).toEqual([false, false, false, true]);
      for (const row of [first, again, onceMore]) expect(row.last_error).toBe(`broker said no to ${row.id}`);
      // One statement wrote the three, with one now(): the gaps between their retry times are exactly the gaps between their backoffs.
      const delay = (attempt: number) => backoff.retryBaseMs * 2 ** (attempt - 1);
      expect(Number(again.retry_at_ms) - Number(first.retry_at_ms)).toBe(delay(3) - delay(1));
      expect(Number(onceMore.retry_at_ms) - Number(first.retry_at_ms)).toBe(delay(6) - delay(1));
    } finally {
      // The failed rows would otherwise be retried by the app's relay, into later tests.
      await withClient(moduleConnectionUrl('probe', app.database.url), (client) =>
        client.query('DELETE FROM probe.outbox WHERE id = ANY($1::uuid[])', [ids]),
      );
      probe.relay.start();
    }
  });

  it('retries a failing handler with backoff, parks it after the last attempt, and re-drives it once fixed', async () => {
    listenerState.failWith = 'the warehouse is on fire';
    const callsBefore = listenerState.handledCalls;
    const envelope = await publish('poisoned');

    const parked = await eventually(
      () => app.http.get('/api/admin/events/dead-letters', { token: admin }),
      (response) => response.body.items.some((item: { eventId: string }) => item.eventId === envelope.id),
    );
    const letter = parked.body.items.find((item: { eventId: string }) => item.eventId === envelope.id);
    expect(letter).toMatchObject({
      module: 'listener',
      handler: 'listener.record-thing',
      type: 'probe.thing-happened.v1',
      attempts: 3,
      redrivenAt: null,
    });
    expect(letter.error).toContain('the warehouse is on fire');
    expect(listenerState.handledCalls - callsBefore).toBe(3);
    expect(await seen('poisoned')).toEqual([]); // each failed attempt rolled back its write
    expect(await undelivered()).toBe(0); // parked, so the relay is done with it

    // Still broken: the re-drive fails, says why, and the letter stays parked.
    const stillBroken = await app.http.post(`/api/admin/events/dead-letters/${letter.id}/redrive`, undefined, {
      token: admin,
    });
    expect(stillBroken.status).toBe(409);
    expect(stillBroken.body.detail).toContain('the warehouse is on fire');

    listenerState.failWith = undefined;
    const redriven = await app.http.post(`/api/admin/events/dead-letters/${letter.id}/redrive`, undefined, {
      token: admin,
    });
    expect(redriven.status).toBe(200);
    expect(redriven.body.redrivenAt).not.toBeNull();
    expect(await seen('poisoned')).toHaveLength(1);
    const again = await app.http.post(`/api/admin/events/dead-letters/${letter.id}/redrive`, undefined, {
      token: admin,
    });
    expect(again.status).toBe(409);
    // A redelivery after the re-drive has no second effect either.
    await app.running.app.get(EventTransport).publish(envelope);
    expect(await seen('poisoned')).toHaveLength(1);
    const open = await app.http.get('/api/admin/events/dead-letters', { token: admin });
    expect(open.body.items.some((item: { id: string }) => item.id === letter.id)).toBe(false);
    expect(open.body.unavailable).toEqual([]); // one process: nothing elsewhere to ask
    const all = await app.http.get('/api/admin/events/dead-letters?includeRedriven=true', { token: admin });
    expect(all.body.items.some((item: { id: string }) => item.id === letter.id)).toBe(true);
  });

  it('retries a passing database failure (a deadlock) beyond EVENT_MAX_ATTEMPTS without parking the event', async () => {
    listenerState.deadlocksLeft = 5; // EVENT_MAX_ATTEMPTS is 3 here
    const callsBefore = listenerState.handledCalls;
    const envelope = await publish('deadlocked');
    await eventually(
      () => seen('deadlocked'),
      (rows) => rows.length === 1,
      10_000,
    );
    expect(listenerState.handledCalls - callsBefore).toBe(6);
    const letters = await app.http.get('/api/admin/events/dead-letters?includeRedriven=true', { token: admin });
    expect(letters.body.items.some((item: { eventId: string }) => item.eventId === envelope.id)).toBe(false);
  });

  it('parks a malformed event without running the handler', async () => {
    const callsBefore = listenerState.handledCalls;
    const malformed = malformedEnvelope(42);
    await app.running.app.get(EventTransport).publish(malformed);
    expect(listenerState.handledCalls).toBe(callsBefore);
    const letters = await app.http.get('/api/admin/events/dead-letters', { token: admin });
    const letter = letters.body.items.find((item: { eventId: string }) => item.eventId === malformed.id);
    expect(letter.error).toMatch(/thing must be a non-empty string; sequence is required|payload is invalid/);
    expect(letter.attempts).toBe(1);
  });

  it('pages through the dead letters with limit and nextCursor, each once, newest first, also those parked within one millisecond', async () => {
    const transport = app.running.app.get(EventTransport);
    const parked = Array.from({ length: 5 }, () => malformedEnvelope('paged'));
    for (const envelope of parked) await transport.publish(envelope);
    // All five in one millisecond: only the id orders them, so pages of two must break inside that group.
    await withClient(moduleConnectionUrl('listener', app.database.url), (client) =>
      client.query(
        `UPDATE listener.dead_letters SET parked_at = date_trunc('milliseconds', now()) WHERE event_id = ANY($1::uuid[])`,
        [parked.map((envelope) => envelope.id)],
      ),
    );

    const seen: { id: string; eventId: string; parkedAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await app.http.get(
        `/api/admin/events/dead-letters?limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        { token: admin },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.filter((item) => parked.some((envelope) => envelope.id === item.eventId))).toHaveLength(5);
    const times = seen.map((item) => item.parkedAt);
    expect(times).toEqual([...times].sort().reverse());

    expect((await app.http.get('/api/admin/events/dead-letters?cursor=bogus', { token: admin })).status).toBe(400);
  });

  it('refuses the dead-letter API to customers and anonymous callers', async () => {
    expect((await app.http.get('/api/admin/events/dead-letters')).status).toBe(401);
    expect((await app.http.get('/api/admin/events/dead-letters', { token: tokenFor(['customer']) })).status).toBe(403);
    // An unknown id and one that cannot be an id are the same 404, with the same code.
    for (const id of [randomUUID(), 'nope']) {
      const response = await app.http.post(`/api/admin/events/dead-letters/${id}/redrive`, undefined, { token: admin });
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 404,
        code: 'events.dead-letter-not-found',
      });
    }
    const withFields = await app.http.post(
      `/api/admin/events/dead-letters/${randomUUID()}/redrive`,
      { force: true },
      { token: admin },
    );
    expect({ status: withFields.status, fields: Object.keys(withFields.body.errors ?? {}) }).toEqual({
      status: 400,
      fields: ['force'],
    });
  });

  it('prunes delivered outbox rows and inbox marks past their retention, and never an undelivered row', async () => {
    const [old, recent] = [await publish('prune-old'), await publish('prune-recent')];
    await eventually(undelivered, (n) => n === 0);
    const undeliverable = randomUUID();
    const probeSql = (text: string, parameters: unknown[] = []) =>
      withClient(moduleConnectionUrl('probe', app.database.url), (client) => client.query(text, parameters));
    await probeSql(`UPDATE probe.outbox SET delivered_at = now() - interval '25 hours' WHERE id = $1`, [old.id]);
    // An old row that was never delivered (its delivery keeps failing): pruning must leave it alone.
    await probe.relay.stop();
    try {
      const stuck = await probe.transactions.run(() =>
        probe.outbox.append(ThingHappenedV1, undeliverable, { thing: 'prune-stuck', sequence: 0 }),
      );
      await probeSql(`UPDATE probe.outbox SET occurred_at = now() - interval '30 days' WHERE id = $1`, [stuck.id]);
      // Inbox marks: one past INBOX_RETENTION_HOURS (default 168), one within it — the one that still guards against a redelivery.
      const [expiredMark, liveMark] = [randomUUID(), randomUUID()];
      await probeSql(
        `INSERT INTO probe.inbox (event_id, handler, processed_at) VALUES ($1, 'probe.h', now() - interval '169 hours'), ($2, 'probe.h', now() - interval '167 hours')`,
        [expiredMark, liveMark],
      );
      const pruned = await probe.relay.prune();
      expect(pruned.outbox).toBeGreaterThanOrEqual(1);
      expect(pruned.inbox).toBeGreaterThanOrEqual(1);
      const left = await probeSql('SELECT id FROM probe.outbox WHERE id = ANY($1::uuid[])', [
        [old.id, recent.id, stuck.id],
      ]);
      expect(left.rows.map((row) => row.id).sort()).toEqual([recent.id, stuck.id].sort());
      const marks = await probeSql('SELECT event_id FROM probe.inbox WHERE event_id = ANY($1::uuid[])', [
        [expiredMark, liveMark],
      ]);
      expect(marks.rows.map((row) => row.event_id)).toEqual([liveMark]);
    } finally {
      probe.relay.start();
    }
    await eventually(
      () => seen('prune-stuck'),
      (rows) => rows.length === 1,
    );
  });

  it('exposes per-module backlog, deliveries, lag, outcomes and dead letters at /metrics', async () => {
    await publish('metered');
    await eventually(
      () => seen('metered'),
      (rows) => rows.length === 1,
    );
    const metrics = await app.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = metrics.body as string;
    expect(text).toMatch(/^tessera_outbox_backlog\{module="probe"\} \d+$/m);
    expect(text).toMatch(/^tessera_events_delivered_total\{module="probe",type="probe.thing-happened.v1"\} [1-9]\d*$/m);
    expect(text).toMatch(/^tessera_event_delivery_lag_seconds_count\{module="probe"\} [1-9]\d*$/m);
    expect(text).toMatch(
      /^tessera_events_handled_total\{module="listener",handler="listener.record-thing",outcome="handled"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^tessera_events_handled_total\{module="listener",handler="listener.record-thing",outcome="parked"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^tessera_dead_letters\{module="listener"\} [1-9]\d*$/m);
    expect(text).toMatch(
      /^tessera_http_request_duration_seconds_count\{method="GET",route="\/api\/admin\/events\/dead-letters",status="200"\} [1-9]\d*$/m,
    );
  });
});
