import { useEffect, useState } from 'preact/hooks';
import { follow, type LiveState } from '../../api/live.js';
import { formatClock, shortId } from '../../kit/format.js';

interface CloudEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly correlationid: string;
  readonly data: unknown;
}

/** How many events the page keeps; older ones drop off the end. */
const KEPT = 200;

/** The integration events of the deployment as they are published, pushed by the server. */
export function EventsPage() {
  const [events, setEvents] = useState<CloudEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (paused) return;
    const stream = follow('/api/admin/events/stream', {
      'integration-event': (data) => setEvents((shown) => [data as CloudEvent, ...shown].slice(0, KEPT)),
    });
    const stop = stream.state.subscribe(setState);
    return () => {
      stop();
      stream.close();
    };
  }, [paused]);
  return (
    <section aria-labelledby="events-heading">
      <h1 id="events-heading">Live events</h1>
      <p class={`live live-${paused ? 'ended' : state}`}>
        {paused ? 'Paused' : state === 'live' ? 'Live: events appear as they are published' : 'Connecting…'}
        <button type="button" class="secondary" onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" class="secondary" onClick={() => setEvents([])}>
          Clear
        </button>
      </p>
      {events.length === 0 && <p>No event yet: place an order in the shop to see the saga go by.</p>}
      <ol class="event-log" aria-live="off">
        {events.map((event) => (
          <li key={event.id}>
            <details>
              <summary>
                <time dateTime={event.time}>{formatClock(event.time)}</time> <code>{event.type}</code> from{' '}
                <code>{event.source}</code> about <code>{shortId(event.subject)}</code>
              </summary>
              <pre>{JSON.stringify(event, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
