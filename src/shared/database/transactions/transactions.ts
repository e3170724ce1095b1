import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryArrayConfig, QueryArrayResult, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { type Write, WriteBatch } from './write-batch.js';

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

/** A unit of work in progress: a TypeORM transaction, or a write-only unit assembling its one statement. */
interface Unit {
  /** Null in a write-only unit, which holds no connection until its statement goes out. */
  readonly manager: EntityManager | null;
  readonly writes: WriteBatch | null;
  /** Work to do inside the unit, after its work and right before its COMMIT. */
  readonly committing: Set<() => Promise<void>>;
  /** Work to do once the unit has committed. */
  readonly committed: Set<() => void>;
}

const current = new AsyncLocalStorage<Map<DataSource, Unit>>();

function readInWriteOnly(): Error {
  return new Error('a write-only unit of work (Transactions.runWriteOnly) cannot read or open a transaction');
}

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
    const unit = this.unit();
    if (unit?.manager === null) throw readInWriteOnly();
    return unit?.manager ?? this.dataSource.manager;
  }

  /** Identifies the unit of work in progress, for state kept per unit (the outbox's pending rows). */
  unitKey(): object {
    const unit = this.unit();
    if (!unit) throw new Error('no unit of work in progress (Transactions.run)');
    return unit;
  }

  /**
   * Runs one statement: inside the current transaction when there is one,
   * otherwise straight on the module's `pg` pool — the hot read paths skip
   * TypeORM's per-query runner, which costs more than the query.
   */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const manager = this.transactionManager();
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
    const manager = this.transactionManager();
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

  /**
   * Runs a statement whose result nobody reads. In a write-only unit it joins the unit's one statement (`mapError`
   * then explains that statement's failure); anywhere else it runs at once, like `query`.
   */
  async write(write: Write): Promise<void> {
    const writes = this.unit()?.writes;
    if (writes) return writes.add(write);
    try {
      await this.query(write.sql, [...write.parameters]);
    } catch (error) {
      throw write.mapError?.(error) ?? error;
    }
  }

  /** True inside a unit of work, a transaction or a write-only unit. */
  inTransaction(): boolean {
    return current.getStore()?.has(this.dataSource) ?? false;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const existing = this.unit();
    if (existing) {
      if (!existing.manager) throw readInWriteOnly();
      return work(existing.manager);
    }
    let unit: Unit | undefined;
    const result = await this.dataSource.transaction((manager) => {
      const opened: Unit = { manager, writes: null, committing: new Set(), committed: new Set() };
      unit = opened;
      return this.within(opened, () => work(manager));
    });
    for (const callback of unit?.committed ?? []) callback();
    return result;
  }

  /**
   * A unit of work that only writes (`write`, and the outbox's rows): nothing is sent until `work` is done, and then
   * its writes go out as one statement, atomic by itself, with no BEGIN and COMMIT around it. Placing an order is
   * such a unit: its order, lines and event cost one round trip instead of four. Inside another unit, joins it.
   */
  async runWriteOnly<T>(work: () => Promise<T>): Promise<T> {
    if (this.unit()) return work();
    const writes = new WriteBatch();
    const unit: Unit = { manager: null, writes, committing: new Set(), committed: new Set() };
    const result = await this.within(unit, work);
    const statement = writes.statement();
    if (statement) {
      try {
        await this.pool().query(statement.sql, statement.parameters);
      } catch (error) {
        throw writes.explain(error);
      }
    }
    for (const callback of unit.committed) callback();
    return result;
  }

  /** Runs `work` as the given unit, then what must happen right before the unit commits. */
  private within<T>(unit: Unit, work: () => Promise<T>): Promise<T> {
    const scope = new Map(current.getStore() ?? []);
    scope.set(this.dataSource, unit);
    return current.run(scope, async () => {
      const value = await work();
      for (const flush of unit.committing) await flush();
      return value;
    });
  }

  /**
   * Calls `callback` once the current transaction has committed, and never if it rolls back (the outbox wakes its
   * relay this way: in process, instead of a NOTIFY that serialises every commit). The same callback registered
   * twice in one transaction runs once.
   */
  afterCommit(callback: () => void): void {
    this.requireUnit('afterCommit').committed.add(callback);
  }

  /**
   * Runs `flush` inside the current transaction once its work is done, right before COMMIT; a failure rolls the
   * transaction back. The outbox writes a transaction's events this way, all in one statement. Registered twice, runs
   * once.
   */
  beforeCommit(flush: () => Promise<void>): void {
    this.requireUnit('beforeCommit').committing.add(flush);
  }

  private unit(): Unit | undefined {
    return current.getStore()?.get(this.dataSource);
  }

  /** The manager of the transaction in progress, if any; a write-only unit refuses reads. */
  private transactionManager(): EntityManager | undefined {
    const unit = this.unit();
    if (unit && !unit.manager) throw readInWriteOnly();
    return unit?.manager ?? undefined;
  }

  private requireUnit(caller: string): Unit {
    const unit = this.unit();
    if (!unit) throw new Error(`${caller} needs a transaction in progress (Transactions.run)`);
    return unit;
  }
}
