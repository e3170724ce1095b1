import type { FastifyReply } from 'fastify';

/** One Server-Sent Event: `data` is sent as JSON. */
export interface StreamEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data: unknown;
}

export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing a quiet stream. */
  readonly heartbeatMs: number;
  /** A client this far behind is cut off; it reconnects and resumes from its Last-Event-ID. */
  readonly maxBufferedBytes: number;
  /** How long the browser waits before reconnecting after the stream ends. */
  readonly retryMs: number;
}

/**
 * A `text/event-stream` answer (Server-Sent Events, WHATWG HTML §9.2) written straight to the socket. Written by hand
 * rather than with Nest's `@Sse()`: that has no Last-Event-ID, no bound on a slow client's buffer and no way to end the
 * stream at shutdown or when the caller's token expires, and the framing itself is a few lines.
 */
export class EventStream {
  private readonly heartbeat: NodeJS.Timeout;
  private readonly ended: Promise<void>;
  private open = true;

  constructor(
    private readonly reply: FastifyReply,
    private readonly options: EventStreamOptions,
  ) {
    reply.hijack();
    const raw = reply.raw;
    // Headers other hooks set on the reply (request id, CORS) would be lost by writing to the socket directly.
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string | number | string[]>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${options.retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
    // A response emits 'close' once ended or when its connection is lost, whichever comes first.
    this.ended = new Promise((resolve) => raw.once('close', resolve));
    void this.ended.then(() => this.dispose());
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Resolves when the client has gone or the stream was closed. */
  get closed(): Promise<void> {
    return this.ended;
  }

  send(event: StreamEvent): void {
    const lines = [
      ...(event.id === undefined ? [] : [`id: ${event.id}`]),
      ...(event.event === undefined ? [] : [`event: ${event.event}`]),
      // JSON has no raw newline, so the data is always one line.
      `data: ${JSON.stringify(event.data)}`,
    ];
    this.write(`${lines.join('\n')}\n\n`);
  }

  close(): void {
    if (!this.open) return;
    this.dispose();
    this.reply.raw.end();
  }

  private write(chunk: string): void {
    if (!this.open) return;
    this.reply.raw.write(chunk);
    if (this.reply.raw.writableLength > this.options.maxBufferedBytes) this.reply.raw.destroy();
  }

  private dispose(): void {
    this.open = false;
    clearInterval(this.heartbeat);
  }
}
