import { signal, type Signal } from '@preact/signals';
import { renewSession } from './session.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface LiveStream {
  readonly state: Signal<LiveState>;
  close(): void;
}

/**
 * Follows a Server-Sent Events stream of the API. The browser reconnects by itself, sending Last-Event-ID, when the
 * stream drops; when the server refuses the reconnection (the access token expired: the stream ends with it), the
 * session is renewed and a new stream opened from the last event seen. Nothing is polled.
 */
export function follow(
  path: string,
  handlers: Readonly<Record<string, (data: unknown) => void>>,
  options: { onEnded?: () => void } = {},
): LiveStream {
  const state = signal<LiveState>('connecting');
  let lastEventId: string | undefined;
  let source: EventSource | undefined;
  let closed = false;
  let retryMs = 1_000;

  const open = () => {
    if (closed) return;
    const url = lastEventId === undefined ? path : `${path}?lastEventId=${encodeURIComponent(lastEventId)}`;
    const opened = new EventSource(url);
    source = opened;
    opened.onopen = () => {
      state.value = 'live';
      retryMs = 1_000;
    };
    for (const [event, handle] of Object.entries(handlers))
      opened.addEventListener(event, (message: MessageEvent<string>) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        handle(JSON.parse(message.data));
      });
    opened.onerror = () => {
      if (opened.readyState === EventSource.CONNECTING) {
        state.value = 'reconnecting';
        return;
      }
      // Closed for good by the browser: the server refused the stream (401 once the token expired, or 429/503).
      opened.close();
      state.value = 'reconnecting';
      void renewSession().then((renewed) => {
        if (!renewed) {
          state.value = 'ended';
          options.onEnded?.();
          return;
        }
        setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      });
    };
  };
  open();
  return {
    state,
    close() {
      closed = true;
      source?.close();
    },
  };
}
