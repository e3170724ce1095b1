import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';

/**
 * Raised once a transaction that changed an order (its status, or the shipment it shows) commits in this process, so
 * that customers watching their orders see the change at once. Changes other instances commit are found by the
 * watchers' short poll instead (OrderUpdatesHub).
 */
@Injectable()
export class OrderChanges {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly db: Transactions) {}

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by the writers inside the changing transaction; costs nothing while no one watches. */
  changing(): void {
    if (this.listeners.size === 0) return;
    if (this.db.inTransaction()) this.db.afterCommit(this.notify);
    else this.notify();
  }

  /** One function for every call, so that a transaction changing several orders notifies once. */
  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };
}
