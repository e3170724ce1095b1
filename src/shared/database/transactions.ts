import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

interface PgPool {
  query(sql: string, parameters?: unknown[]): Promise<QueryResult>;
}

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

  /**
   * Runs one statement: inside the current transaction when there is one,
   * otherwise straight on the module's `pg` pool — the hot read paths skip
   * TypeORM's per-query runner, which costs more than the query.
   */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const manager = current.getStore()?.get(this.dataSource);
    if (manager) return manager.query(sql, parameters) as Promise<T[]>;
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    return (await pool.query(sql, parameters)).rows as T[];
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
