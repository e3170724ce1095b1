import type { QueryRunner } from 'typeorm';

/**
 * Version 3 of every module's messaging tables: each outbox row keeps the W3C trace context of the span that
 * raised it, so the relay's publish, and every handler after it, continue that trace (nullable: tracing may be off).
 *
 * Frozen, like v1 and v2: the migrations that call it must keep doing what they did when they ran.
 */
export async function addOutboxTraceContext(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`ALTER TABLE ${schema}.outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text`);
}

export async function dropOutboxTraceContext(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`ALTER TABLE ${schema}.outbox DROP COLUMN traceparent, DROP COLUMN tracestate`);
}
