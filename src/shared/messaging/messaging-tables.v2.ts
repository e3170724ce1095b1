import type { QueryRunner } from 'typeorm';

import { createOutboxNotify } from './messaging-tables.v1.js';

/**
 * Version 2 of every module's messaging tables: the outbox no longer NOTIFYs at commit. PostgreSQL queues
 * notifications under one cluster-wide lock at commit, so a trigger firing per transaction serialised every
 * order-path commit; the relay is woken in process instead (see RelayWakeUp).
 *
 * Frozen, like v1: the migrations that call it must keep doing what they did when they ran.
 */
export async function dropOutboxNotify(db: QueryRunner, schema: string): Promise<void> {
  await db.query(`DROP TRIGGER outbox_notify ON ${schema}.outbox`);
  await db.query(`DROP FUNCTION ${schema}.notify_outbox()`);
}

/** The v1 trigger again, for a migration's `down`. */
export const restoreOutboxNotify = createOutboxNotify;
