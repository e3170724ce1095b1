import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TooManyStreamsError } from './too-many-streams.error.js';
import { EventStream, type EventStreamOptions } from './event-stream.js';

const OPTIONS: EventStreamOptions = { heartbeatMs: 15_000, maxBufferedBytes: 1 << 20, retryMs: 2_000 };
/** A browser opens at most six connections to a site over HTTP/1.1; more streams than that per caller are a leak. */
const MAX_STREAMS_PER_CALLER = 8;

/**
 * Every Server-Sent Events stream this process serves or passes on: opened per caller within a limit, and all ended
 * when the application shuts down, before the HTTP server closes (which would otherwise wait for them forever).
 */
@Injectable()
export class EventStreams implements OnModuleDestroy {
  private readonly byCaller = new Map<string, Set<EventStream>>();
  /** Streams this process passes on from another (the strangler proxy): ended at shutdown too. */
  private readonly relayed = new Set<() => void>();

  /**
   * Answers the request with a stream owned by `caller`; `until` (e.g. the caller's token expiry) ends it, and the
   * browser reconnects with fresh credentials.
   */
  open(reply: FastifyReply, caller: string, until?: Date): EventStream {
    const streams = this.byCaller.get(caller) ?? new Set<EventStream>();
    if (streams.size >= MAX_STREAMS_PER_CALLER) throw new TooManyStreamsError(MAX_STREAMS_PER_CALLER);
    const stream = new EventStream(reply, OPTIONS);
    this.byCaller.set(caller, streams.add(stream));
    const expiry =
      until === undefined
        ? undefined
        : setTimeout(() => stream.close(), Math.max(0, until.getTime() - Date.now())).unref();
    void stream.closed.then(() => {
      clearTimeout(expiry);
      streams.delete(stream);
      if (streams.size === 0) this.byCaller.delete(caller);
    });
    return stream;
  }

  /** Ends `end` at shutdown, unless the function returned says it ended first. */
  track(end: () => void): () => void {
    this.relayed.add(end);
    return () => this.relayed.delete(end);
  }

  get count(): number {
    let count = 0;
    for (const streams of this.byCaller.values()) count += streams.size;
    return count;
  }

  onModuleDestroy(): void {
    for (const streams of this.byCaller.values()) for (const stream of streams) stream.close();
    for (const end of this.relayed) end();
  }
}
