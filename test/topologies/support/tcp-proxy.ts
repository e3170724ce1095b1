import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a dependency (the shared RabbitMQ, a database, another
 * process), so a test can take it away and bring it back (cutting every
 * connection), or stall it (connections stay open, nothing flows), without
 * touching the real service that other tests use. This kernel has no `netem`.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** While set, bytes in either direction are held and new connections wait. */
  private stalled: Promise<void> | undefined;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
    readonly host: string,
  ) {}

  /** Listens on `host` (loopback unless a test-assigned address is given). */
  static async start(target: { host: string; port: number }, host = '127.0.0.1'): Promise<TcpProxy> {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, host, () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const proxy = new TcpProxy(port, target, host);
    await proxy.resume();
    return proxy;
  }

  /** `url` with its host and port replaced by this proxy's. */
  rewrite(url: string): string {
    const rewritten = new URL(url);
    rewritten.hostname = this.host;
    rewritten.port = String(this.port);
    return rewritten.toString();
  }

  /** The dependency is "up": accept and relay connections again. */
  async resume(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      this.relay(client, upstream);
      this.relay(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, this.host, () => resolve()));
    this.server = server;
  }

  /** The dependency is "down": drop every connection and refuse new ones. */
  async pause(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Nothing flows for `ms`, in either direction, on open connections or new ones; then all of it does, in order. */
  async stall(ms: number): Promise<void> {
    let release = () => undefined as void;
    this.stalled = new Promise<void>((resolve) => (release = resolve));
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.stalled = undefined;
    release();
  }

  async stop(): Promise<void> {
    await this.pause();
  }

  /** Copies `from` to `to`, holding chunks (in order, with backpressure) while stalled. */
  private relay(from: Socket, to: Socket): void {
    let queue = Promise.resolve();
    from.on('data', (chunk) => {
      const held = this.stalled;
      if (!held) {
        if (!to.write(chunk)) from.pause();
        return;
      }
      from.pause();
      queue = queue
        .then(() => held)
        .then(() => {
          if (!to.destroyed) to.write(chunk);
          from.resume();
        });
    });
    to.on('drain', () => from.resume());
    from.on('end', () => void queue.then(() => to.end()));
  }
}
