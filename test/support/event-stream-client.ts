import { eventually } from './eventually.js';

export interface ReceivedEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: any;
}

/**
 * A Server-Sent Events stream read over real HTTP, as a browser's EventSource reads it (WHATWG HTML §9.2.6):
 * `id`, `event` and `data` lines, a blank line ending each event, comments ignored. Collects every event.
 */
export class EventStreamClient {
  readonly events: ReceivedEvent[] = [];
  private reading: Promise<void> | undefined;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {}

  /** Opens the stream; a refusal (a status other than 200) is in `response`, with no events. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    const client = new EventStreamClient(response, controller);
    if (response.ok && response.body) client.reading = client.read(response.body);
    return client;
  }

  /** The first event `accept`s, waiting for it. */
  async next(accept: (event: ReceivedEvent) => boolean, timeoutMs = 10_000): Promise<ReceivedEvent> {
    const found = await eventually(
      () => Promise.resolve(this.events.find(accept)),
      (event) => event !== undefined,
      timeoutMs,
      20,
    );
    return found!;
  }

  /** Resolves when the server ends the stream. */
  async ended(): Promise<void> {
    await this.reading;
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let event: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (event.data.length > 0)
              this.events.push({
                ...(event.id === undefined ? {} : { id: event.id }),
                event: event.event ?? 'message',
                data: JSON.parse(event.data.join('\n')),
              });
            event = { data: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const at = line.indexOf(':');
          const field = at < 0 ? line : line.slice(0, at);
          const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
          if (field === 'data') event.data.push(value);
          else if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
        }
      }
    } catch (error) {
      if (!this.controller.signal.aborted) throw error;
    }
  }
}
