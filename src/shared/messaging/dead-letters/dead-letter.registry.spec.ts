import { ServiceUnavailableError } from '../../errors/application.errors.js';
import type { DeadLetter } from './dead-letter.js';
import type { RedriveResult, RemoteDeadLetterSource } from './dead-letter.source.js';
import { type DeadLetterPosition, decodeDeadLetterCursor, newestFirst } from './dead-letter.cursor.js';
import { DeadLetterRegistry } from './dead-letter.registry.js';
import { DeadLetterNotFoundError } from '../inbox/inbox.js';
import { RemoteRedriveRefusedError } from './remote-redrive-refused.error.js';

const letter = (id: string, module: string, parkedAt: string): DeadLetter => ({
  id,
  module,
  handler: `${module}.handler`,
  eventId: id,
  type: 'x.happened.v1',
  error: 'boom',
  attempts: 3,
  parkedAt,
  redrivenAt: null,
  envelope: {
    id,
    type: 'x.happened.v1',
    occurredAt: parkedAt,
    aggregateId: id,
    correlationId: id,
    causationId: null,
    payload: {},
  },
});

/** Another process, as this one reaches it: what it lists, and what re-driving there comes to (or throws). */
const remote = (
  items: DeadLetter[] | Error,
  redrive: RedriveResult | Error = { outcome: 'not-found' },
): RemoteDeadLetterSource => ({
  list: async () => {
    if (items instanceof Error) throw items;
    return items;
  },
  redrive: async () => {
    if (redrive instanceof Error) throw redrive;
    return redrive;
  },
});

describe('DeadLetterRegistry across processes', () => {
  it("lists every process's dead letters newest first, each once, and names the modules whose process did not answer", async () => {
    const registry = new DeadLetterRegistry();
    const [older, newer] = [
      letter('a', 'catalog', '2026-12-01T10:00:00.000Z'),
      letter('b', 'orders', '2026-12-01T11:00:00.000Z'),
    ];
    registry.registerRemote('http://catalog', 'catalog', remote([older]));
    registry.registerRemote('http://orders', 'orders', remote([newer, older])); // the same letter reached twice
    registry.registerRemote('http://gone', 'users', remote(new ServiceUnavailableError('down')));

    const listing = await registry.list({ includeRedriven: false, limit: 10 });
    expect(listing.items.map((item) => item.id)).toEqual(['b', 'a']);
    expect(listing.unavailable).toEqual(['users']);
    expect((await registry.list({ includeRedriven: false, limit: 1 })).items.map((item) => item.id)).toEqual(['b']);
  });

  it('pages through the letters of several processes, merged, without skipping or repeating one, even within one millisecond', async () => {
    // A process as its internal endpoint answers: its letters in the listing order, after the cursor, `limit` of them.
    const paged = (letters: DeadLetter[]): RemoteDeadLetterSource => ({
      list: async ({ limit, after }) => {
        const sorted = [...letters].sort(newestFirst);
        const from = after ? sorted.findIndex((item) => newestFirst(item, { ...item, ...after }) > 0) : 0;
        return from < 0 ? [] : sorted.slice(from, from + limit);
      },
      redrive: async () => ({ outcome: 'not-found' }),
    });
    const at = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`;
    const catalog = [1, 3, 5, 5, 7].map((second, index) =>
      letter(`0000000${index}-0000-4000-8000-00000000000a`, 'catalog', at(second)),
    );
    const orders = [2, 3, 5, 6].map((second, index) =>
      letter(`0000000${index}-0000-4000-8000-00000000000b`, 'orders', at(second)),
    );
    const registry = new DeadLetterRegistry();
    registry.registerRemote('http://catalog', 'catalog', paged(catalog));
    registry.registerRemote('http://orders', 'orders', paged(orders));

    const seen: DeadLetter[] = [];
    const pages: number[] = [];
    let after: DeadLetterPosition | undefined;
    for (;;) {
      const page = await registry.list({ includeRedriven: false, limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.items);
      pages.push(page.items.length);
      if (page.nextCursor === null) break;
      after = decodeDeadLetterCursor(page.nextCursor);
    }
    expect(pages).toEqual([2, 2, 2, 2, 1]);
    expect(seen.map((item) => item.id)).toEqual([...catalog, ...orders].sort(newestFirst).map((item) => item.id));
  });

  it('asks one process once however many of its modules it is reached for', async () => {
    const registry = new DeadLetterRegistry();
    let asked = 0;
    const source: RemoteDeadLetterSource = {
      list: async () => (asked++, []),
      redrive: async () => ({ outcome: 'not-found' }),
    };
    registry.registerRemote('http://main', 'catalog', source);
    registry.registerRemote('http://main', 'users', source);
    expect(await registry.list({ includeRedriven: false, limit: 10 })).toEqual({
      items: [],
      nextCursor: null,
      unavailable: [],
    });
    expect(asked).toBe(1);
  });

  it('re-drives where the dead letter is, past a process that refuses or does not answer', async () => {
    const registry = new DeadLetterRegistry();
    const redriven = letter('c', 'orders', '2026-12-01T12:00:00.000Z');
    registry.registerRemote('http://other-release', 'users', remote([], new Error('refused our credentials')));
    registry.registerRemote('http://down', 'catalog', remote([], new ServiceUnavailableError('down')));
    registry.registerRemote('http://orders', 'orders', remote([], { outcome: 'redriven', deadLetter: redriven }));
    await expect(registry.redrive('c')).resolves.toEqual(redriven);
  });

  it('answers 503, not 404, when it is nowhere it could look but a process did not answer; 404 when every process did', async () => {
    const partial = new DeadLetterRegistry();
    partial.registerRemote('http://catalog', 'catalog', remote([]));
    partial.registerRemote('http://down', 'orders', remote([], new ServiceUnavailableError('down')));
    await expect(partial.redrive('d')).rejects.toThrow(ServiceUnavailableError);
    await expect(partial.redrive('d')).rejects.toThrow(/orders did not answer/);

    const complete = new DeadLetterRegistry();
    complete.registerRemote('http://catalog', 'catalog', remote([]));
    await expect(complete.redrive('d')).rejects.toThrow(DeadLetterNotFoundError);
  });

  it('passes on the 409 of a process where the re-drive failed again, with its code', async () => {
    const registry = new DeadLetterRegistry();
    registry.registerRemote(
      'http://orders',
      'orders',
      remote([], { outcome: 'refused', code: 'events.redrive-failed', detail: 'it failed again' }),
    );
    const refused = await registry.redrive('e').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RemoteRedriveRefusedError);
    expect(refused).toMatchObject({ code: 'events.redrive-failed', message: 'it failed again' });
  });
});
