import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryArrayConfig, QueryArrayResult, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

interface PgClient {
  query(sql: string, parameters?: unknown[]): Promise<QueryResult>;
  query(config: QueryArrayConfig, parameters: unknown[]): Promise<QueryArrayResult>;
}

interface PooledClient extends PgClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  release(error?: Error): void;
}

interface PgPool extends PgClient {
  connect(): Promise<PooledClient>;
}

export type Query = <T>(sql: string, parameters?: unknown[]) => Promise<T[]>;

/** A statement a module runs often: named, so each connection parses and plans it once. Names are unique per module. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const arrayConfigs = new WeakMap<PreparedStatement, QueryArrayConfig>();

/**
 * pg copies a config object descriptor by descriptor before every statement, which showed in profiles of the reads;
 * this one has no own property to copy: the statement's fields sit on its prototype.
 */
function arrayConfig(statement: PreparedStatement): QueryArrayConfig {
  let config = arrayConfigs.get(statement);
  if (config === undefined) {
    config = Object.create({ name: statement.name, text: statement.text, rowMode: 'array' }) as QueryArrayConfig;
    arrayConfigs.set(statement, config);
  }
  return config;
}

/** The rejection of the statement in flight reports a lost connection; see `detached`. */
const ignoreLostConnection = (): void => undefined;

const current = new AsyncLocalStorage<Map<DataSource, EntityManager>>();

/**
 * A module's unit of work. Code inside `run` — repositories, the outbox, the
 * inbox — shares one transaction on the module's own pool without passing it
 * around; a nested `run` joins the outer one. Keyed by DataSource, so a
 * transaction of one module is never visible to another.
 */
export class Transactions {
  /** Work to do once a transaction has committed, by the transaction's manager. */
  private readonly committed = new WeakMap<EntityManager, Set<() => void>>();
  /** Work to do inside a transaction, after its work and right before its COMMIT. */
  private readonly committing = new WeakMap<EntityManager, Set<() => Promise<void>>>();

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
    if (manager) {
      // The transaction's own pg connection (TypeORM keeps it on the query runner), without the ORM's per-query work.
      const connection = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)
        ?.databaseConnection;
      if (connection) return (await connection.query(sql, parameters)).rows as T[];
      return manager.query<T[]>(sql, parameters);
    }
    return (await this.pool().query(sql, parameters)).rows as T[];
  }

  /**
   * Runs a prepared statement (see `PreparedStatement`) like `query`, with its rows as arrays in column order. On
   * the hottest reads this saves the most: pg builds a row object by cloning one of the statement's shape, which is
   * slow once the process has seen many shapes; an array costs the same whatever else runs.
   */
  async prepared<R extends readonly unknown[]>(statement: PreparedStatement, parameters: unknown[]): Promise<R[]> {
    const config = arrayConfig(statement);
    const manager = current.getStore()?.get(this.dataSource);
    if (manager) {
      const connection = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)
        ?.databaseConnection;
      if (connection) return (await connection.query(config, parameters)).rows as unknown as R[];
      const rows = await manager.query<Record<string, unknown>[]>(statement.text, parameters);
      return rows.map((row) => Object.values(row)) as unknown as R[];
    }
    return (await this.pool().query(config, parameters)).rows as unknown as R[];
  }

  /**
   * A transaction on a connection of its own that code called from `work` does
   * NOT join (the outbox relay: handlers it triggers in process must commit on
   * their own, not inside the relay's claim).
   */
  async detached<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.pool().connect();
    // The pool listens for errors only on idle clients: a connection lost while checked out (a restart, a terminated
    // backend) would otherwise be an unhandled 'error' event that ends the process. The statement awaiting it rejects
    // anyway, and a client released after that is discarded by the pool (it is no longer queryable).
    client.on('error', ignoreLostConnection);
    const query: Query = async <R>(sql: string, parameters: unknown[] = []) =>
      (await client.query(sql, parameters)).rows as R[];
    try {
      await client.query('BEGIN');
      const result = await work(query);
      await client.query('COMMIT');
      client.removeListener('error', ignoreLostConnection);
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.removeListener('error', ignoreLostConnection);
      client.release(error instanceof Error ? error : undefined);
      throw error;
    }
  }

  private pool(): PgPool {
    return (this.dataSource.driver as unknown as { master: PgPool }).master;
  }

  inTransaction(): boolean {
    return current.getStore()?.has(this.dataSource) ?? false;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const existing = current.getStore()?.get(this.dataSource);
    if (existing) return work(existing);
    let used: EntityManager | undefined;
    const result = await this.dataSource.transaction((manager) => {
      used = manager;
      const scope = new Map(current.getStore() ?? []);
      scope.set(this.dataSource, manager);
      return current.run(scope, async () => {
        const value = await work(manager);
        for (const flush of this.committing.get(manager) ?? []) await flush();
        return value;
      });
    });
    const callbacks = used && this.committed.get(used);
    for (const callback of callbacks ?? []) callback();
    return result;
  }

  /**
   * Calls `callback` once the current transaction has committed, and never if it rolls back (the outbox wakes its
   * relay this way: in process, instead of a NOTIFY that serialises every commit). The same callback registered
   * twice in one transaction runs once.
   */
  afterCommit(callback: () => void): void {
    const manager = this.transactionManager('afterCommit');
    const callbacks = this.committed.get(manager) ?? new Set<() => void>();
    this.committed.set(manager, callbacks.add(callback));
  }

  /**
   * Runs `flush` inside the current transaction once its work is done, right before COMMIT; a failure rolls the
   * transaction back. The outbox writes a transaction's events this way, all in one statement. Registered twice, runs
   * once.
   */
  beforeCommit(flush: () => Promise<void>): void {
    const manager = this.transactionManager('beforeCommit');
    const flushes = this.committing.get(manager) ?? new Set<() => Promise<void>>();
    this.committing.set(manager, flushes.add(flush));
  }

  private transactionManager(caller: string): EntityManager {
    const manager = current.getStore()?.get(this.dataSource);
    if (!manager) throw new Error(`${caller} needs a transaction in progress (Transactions.run)`);
    return manager;
  }
}
