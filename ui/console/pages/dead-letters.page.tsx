import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../../api/client.js';
import type { components } from '../../api/tessera-api.js';
import { formatTime, shortId } from '../../kit/format.js';
import { announce } from '../../kit/notice.js';
import { ProblemMessage } from '../../kit/problem-message.js';
import { useAction } from '../../kit/use-action.js';
import { useLoad } from '../../kit/use-load.js';

type DeadLetter = components['schemas']['DeadLetterResponse'];

const REFRESH_MS = 3_000;

/** Events a consumer gave up on: what failed and why, the event itself, and a way to run the handler again. */
export function DeadLettersPage() {
  const [includeRedriven, setIncludeRedriven] = useState(false);
  const listing = useLoad(
    () => call(() => api.GET('/api/admin/events/dead-letters', { params: { query: { limit: 100, includeRedriven } } })),
    [includeRedriven],
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const timer = setInterval(listing.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [listing.reload]);

  const redrive = useAction(async (ids: readonly string[]) => {
    let done = 0;
    try {
      for (const id of ids) {
        await call(() => api.POST('/api/admin/events/dead-letters/{id}/redrive', { params: { path: { id } } }));
        done += 1;
      }
      announce(`${done} dead letter${done === 1 ? '' : 's'} re-driven.`);
    } finally {
      setSelected(new Set());
      listing.reload();
    }
  });
  const items = listing.data?.items ?? [];
  const open = items.filter((item) => item.redrivenAt === null);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
  };
  return (
    <section aria-labelledby="dead-letters-heading">
      <h1 id="dead-letters-heading">Dead letters</h1>
      <p class="toolbar">
        <label>
          <input
            type="checkbox"
            checked={includeRedriven}
            onChange={(event) => setIncludeRedriven(event.currentTarget.checked)}
          />{' '}
          Show re-driven ones too
        </label>
        <button
          type="button"
          disabled={redrive.busy || selected.size === 0}
          onClick={() => void redrive.run([...selected])}
        >
          Re-drive selected ({selected.size})
        </button>
      </p>
      <ProblemMessage error={redrive.error ?? listing.error} />
      {listing.data && listing.data.unavailable.length > 0 && (
        <p class="problem" role="alert">
          Not shown: the dead letters of {listing.data.unavailable.join(', ')}, whose process did not answer.
        </p>
      )}
      {listing.data && open.length === 0 && !includeRedriven && <p>No dead letters: every event was handled.</p>}
      <ul class="dead-letters">
        {items.map((item) => (
          <DeadLetterItem
            key={item.id}
            item={item}
            selected={selected.has(item.id)}
            busy={redrive.busy}
            onToggle={() => toggle(item.id)}
            onRedrive={() => void redrive.run([item.id])}
          />
        ))}
      </ul>
    </section>
  );
}

function DeadLetterItem(props: {
  item: DeadLetter;
  selected: boolean;
  busy: boolean;
  onToggle: () => void;
  onRedrive: () => void;
}) {
  const { item } = props;
  const label = `${item.type} ${shortId(item.eventId)} for ${item.handler}`;
  return (
    <li class="card dead-letter" aria-label={label}>
      <header>
        {item.redrivenAt === null && (
          <input type="checkbox" checked={props.selected} onChange={props.onToggle} aria-label={`Select ${label}`} />
        )}
        <code>{item.type}</code> → <code>{item.handler}</code> in <strong>{item.module}</strong>
      </header>
      <p class="meta">
        Parked {formatTime(item.parkedAt)} after {item.attempts} attempt{item.attempts === 1 ? '' : 's'}
        {item.redrivenAt && `; re-driven ${formatTime(item.redrivenAt)}`}
      </p>
      <p class="error-text">{item.error}</p>
      <details>
        <summary>Event payload</summary>
        <pre>{JSON.stringify(item.envelope, null, 2)}</pre>
      </details>
      {item.redrivenAt === null && (
        <button type="button" disabled={props.busy} onClick={props.onRedrive}>
          Re-drive
        </button>
      )}
    </li>
  );
}
