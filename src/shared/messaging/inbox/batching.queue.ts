/**
 * Group commit for one handler: items submitted while a batch is running wait and go together in the next
 * one, so under load one transaction handles many events, and when idle an event goes alone at once. One batch
 * at a time: two batches of one handler in one process never take row locks in competing orders.
 *
 * Hand-written: the libraries that batch (DataLoader, p-queue) either batch by tick, which adds latency when
 * idle, or run items concurrently; this is the queue of a group commit and nothing more.
 */
export class BatchingQueue<T, R> {
  private waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly maxBatch: number,
    /** Settles one result per item, in the items' order. */
    private readonly runBatch: (items: readonly T[]) => Promise<PromiseSettledResult<R>[]>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        let results: PromiseSettledResult<R>[];
        try {
          results = await this.runBatch(batch.map(({ item }) => item));
        } catch (error) {
          results = batch.map(() => ({ status: 'rejected', reason: error }) as const);
        }
        batch.forEach(({ resolve, reject }, index) => {
          const result = results[index];
          if (result.status === 'fulfilled') resolve(result.value);
          else reject(result.reason);
        });
      }
    } finally {
      this.running = false;
    }
  }
}
