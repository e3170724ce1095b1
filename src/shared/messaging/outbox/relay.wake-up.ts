import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * When a relay's claim loops go round: woken by LISTEN/NOTIFY on a dedicated connection (reconnected
 * with backoff; polling covers the gaps), by scheduled retries, and by each other.
 */
export class RelayWakeUp {
  private listener: Client | undefined;
  private running = false;
  private readonly sleepers = new Set<() => void>();
  private pendingWake = false;
  private reconnectDelayMs = 100;

  constructor(
    private readonly schema: string,
    private readonly listenUrl: string,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    void this.listen();
  }

  /** Releases every sleeping loop and closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.running = false;
    for (const wakeUp of [...this.sleepers]) wakeUp();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** A dedicated connection LISTENing for commits to this outbox; reconnects with backoff. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.listenUrl, application_name: `tessera:${this.schema}:relay` });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ module: this.schema, err: error }, 'outbox LISTEN connection lost; polling until it is back');
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.schema}_outbox`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
      this.reconnectDelayMs = 100;
      this.wake(); // anything committed while we were not listening
    } catch (error) {
      this.logger.warn(
        { module: this.schema, err: error },
        'could not LISTEN for outbox commits; polling until it works',
      );
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10_000);
    setTimeout(() => void this.listen(), delay).unref();
  }

  /**
   * Wakes one sleeping loop (a second one would only find the rows claimed);
   * when all are busy, the next one to finish goes round again at once. A loop
   * that delivered something goes round again by itself, so nothing waits.
   */
  wake(): void {
    if (!this.wakeSleeper()) this.pendingWake = true;
  }

  /** Wakes one sleeping loop if there is one (and says so); unlike `wake`, never makes a busy loop go round again. */
  wakeSleeper(): boolean {
    const [wakeUp] = this.sleepers;
    wakeUp?.();
    return wakeUp !== undefined;
  }

  sleep(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
