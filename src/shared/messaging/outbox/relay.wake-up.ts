/**
 * When a relay's claim loops go round: woken in process when a transaction that wrote to the outbox commits
 * (`Outbox.append` registers the wake-up), by scheduled retries and by each other; polling covers rows this process
 * did not write (another instance's, or those left by a crash).
 *
 * No LISTEN/NOTIFY: PostgreSQL queues notifications under one cluster-wide lock at commit, so a NOTIFY per committing
 * transaction serialises every commit that sends one. The process that commits an event is the one whose relay
 * delivers it, so no other instance needs to hear of it before its next poll.
 */
export class RelayWakeUp {
  private running = false;
  private readonly sleepers = new Set<() => void>();
  private pendingWake = false;

  start(): void {
    this.running = true;
  }

  /** Releases every sleeping loop. */
  stop(): void {
    this.running = false;
    for (const wakeUp of [...this.sleepers]) wakeUp();
  }

  /**
   * Wakes one sleeping loop (a second one would only find the rows claimed);
   * when all are busy, the next one to finish goes round again at once. A loop
   * that delivered something goes round again by itself, so nothing waits.
   */
  readonly wake = (): void => {
    if (!this.wakeSleeper()) this.pendingWake = true;
  };

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
