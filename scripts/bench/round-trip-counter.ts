import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that counts round trips: every `Sync` (the end of an
 * extended-protocol query, which is how `pg` sends a parameterised statement) and every simple
 * `Query` a client sends. Measuring at the wire counts what the database really sees, whatever
 * library or bundling sits in the process under test; it adds latency, so only counting runs use it.
 */
export class RoundTripCounter {
  private server: Server | undefined;
  private count = 0;

  private constructor(private readonly target: URL) {}

  static async start(databaseUrl: string): Promise<RoundTripCounter> {
    const counter = new RoundTripCounter(new URL(databaseUrl));
    await counter.listen();
    return counter;
  }

  /** Round trips seen since the proxy started. */
  get roundTrips(): number {
    return this.count;
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    const address = this.server!.address() as { port: number };
    url.hostname = '127.0.0.1';
    url.port = String(address.port);
    return url.toString();
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private listen(): Promise<void> {
    const sockets = new Set<Socket>();
    this.server = createServer((client) => {
      const upstream = createConnection({ host: this.target.hostname, port: Number(this.target.port || 5432) });
      sockets.add(client).add(upstream);
      const parser = new FrontendMessages(() => (this.count += 1));
      client.on('data', (chunk: Buffer) => {
        parser.feed(chunk);
        upstream.write(chunk);
      });
      upstream.pipe(client);
      const close = () => (client.destroy(), upstream.destroy(), sockets.delete(client), sockets.delete(upstream));
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    // The proxy must not keep the benchmark alive after its last client went.
    this.server.unref();
    return new Promise((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
  }
}

/** Splits a client's byte stream into protocol messages; the first one (startup) has no type byte. */
class FrontendMessages {
  private buffered: Buffer = Buffer.alloc(0);
  private started = false;

  constructor(private readonly onRoundTrip: () => void) {}

  feed(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const header = this.started ? 5 : 4;
      if (this.buffered.length < header) return;
      const length = this.buffered.readInt32BE(this.started ? 1 : 0);
      const total = (this.started ? 1 : 0) + length;
      if (this.buffered.length < total) return;
      if (this.started) {
        const type = String.fromCharCode(this.buffered[0]);
        if (type === 'S' || type === 'Q') this.onRoundTrip();
      }
      this.started = true;
      this.buffered = this.buffered.subarray(total);
    }
  }
}
