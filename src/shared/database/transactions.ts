import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

const current = new AsyncLocalStorage<Map<DataSource, EntityManager>>();

/**
 * A module's unit of work. Code inside `run` — repositories, the outbox, the
 * inbox — shares one transaction on the module's own pool without passing it
 * around; a nested `run` joins the outer one. Keyed by DataSource, so a
 * transaction of one module is never visible to another.
 */
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  /** The manager of the transaction in progress, or the pool's when there is none. */
  manager(): EntityManager {
    return current.getStore()?.get(this.dataSource) ?? this.dataSource.manager;
  }

  inTransaction(): boolean {
    return current.getStore()?.has(this.dataSource) ?? false;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const existing = current.getStore()?.get(this.dataSource);
    if (existing) return work(existing);
    return this.dataSource.transaction((manager) => {
      const scope = new Map(current.getStore() ?? []);
      scope.set(this.dataSource, manager);
      return current.run(scope, () => work(manager));
    });
  }
}
