import type { QueryRunner } from 'typeorm';

/**
 * The outbox, inbox and dead-letter tables every module owns in its own schema,
 * created by one of the module's migrations.
 *
 * Frozen, as the migrations that call it are: editing it would make those
 * migrations create something other than what databases already hold. A later
 * change to these tables is a new migration in each module (with, if it is the
 * same for all, a `messaging-tables.v2.ts` of its own).
 */
export async function createMessagingTables(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE TABLE ${schema}.outbox (
      position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id              uuid NOT NULL UNIQUE,
      type            text NOT NULL,
      aggregate_id    text NOT NULL,
      correlation_id  text NOT NULL,
      causation_id    text,
      occurred_at     timestamptz NOT NULL,
      payload         jsonb NOT NULL,
      attempts        integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error      text,
      delivered_at    timestamptz
    )`);
  await db.query(`CREATE INDEX outbox_undelivered ON ${schema}.outbox (position) WHERE delivered_at IS NULL`);
  await db.query(
    `CREATE INDEX outbox_undelivered_by_aggregate ON ${schema}.outbox (aggregate_id, position) WHERE delivered_at IS NULL`,
  );
  await db.query(`CREATE INDEX outbox_delivered_at ON ${schema}.outbox (delivered_at) WHERE delivered_at IS NOT NULL`);
  await createOutboxNotify(db, schema);
  await db.query(`
    CREATE TABLE ${schema}.inbox (
      event_id     uuid NOT NULL,
      handler      text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, handler)
    )`);
  await db.query(`CREATE INDEX inbox_processed_at ON ${schema}.inbox (processed_at)`);
  await db.query(`
    CREATE TABLE ${schema}.inbox_failures (
      event_id   uuid NOT NULL,
      handler    text NOT NULL,
      attempts   integer NOT NULL,
      last_error text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (event_id, handler)
    )`);
  await db.query(`
    CREATE TABLE ${schema}.dead_letters (
      id          uuid PRIMARY KEY,
      event_id    uuid NOT NULL,
      handler     text NOT NULL,
      type        text NOT NULL,
      envelope    jsonb NOT NULL,
      error       text NOT NULL,
      attempts    integer NOT NULL,
      parked_at   timestamptz NOT NULL,
      redriven_at timestamptz,
      UNIQUE (event_id, handler)
    )`);
}

/** NOTIFY is delivered when the inserting transaction commits, never if it rolls back. */
export async function createOutboxNotify(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`
    CREATE FUNCTION ${schema}.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${schema}_outbox', '');
      RETURN NULL;
    END $$`);
  await db.query(
    `CREATE TRIGGER outbox_notify AFTER INSERT ON ${schema}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.notify_outbox()`,
  );
}

export async function dropMessagingTables(db: QueryRunner, schema: string): Promise<void> {
  for (const table of ['dead_letters', 'inbox_failures', 'inbox', 'outbox'])
    await db.query(`DROP TABLE ${schema}.${table}`);
  await db.query(`DROP FUNCTION ${schema}.notify_outbox()`);
}
