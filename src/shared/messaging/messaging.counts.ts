/** How a module's messaging stands: what an operator checks first when events seem stuck. */
export interface MessagingCounts {
  /** Outbox events committed but not yet handed to the transport. */
  readonly outboxBacklog: number;
  /** When the oldest of them was committed; null when none waits. Its age is the current delivery lag. */
  readonly oldestPendingAt: string | null;
  /** Events whose handler failed and is being retried: neither handled yet nor parked. */
  readonly retrying: number;
  /** Dead letters not re-driven yet. */
  readonly deadLetters: number;
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown[]>;

/** One statement over the module's own messaging tables (the partial indexes keep the outbox part cheap). */
export async function readMessagingCounts(query: Query, schema: string): Promise<MessagingCounts> {
  const [row] = (await query(`
    SELECT (SELECT count(*)::int FROM ${schema}.outbox WHERE delivered_at IS NULL) AS backlog,
           (SELECT min(occurred_at) FROM ${schema}.outbox WHERE delivered_at IS NULL) AS oldest,
           (SELECT count(*)::int FROM ${schema}.inbox_failures f
             WHERE NOT EXISTS (SELECT 1 FROM ${schema}.inbox i WHERE i.event_id = f.event_id AND i.handler = f.handler)
               AND NOT EXISTS (SELECT 1 FROM ${schema}.dead_letters d WHERE d.event_id = f.event_id AND d.handler = f.handler)) AS retrying,
           (SELECT count(*)::int FROM ${schema}.dead_letters WHERE redriven_at IS NULL) AS dead`)) as {
    backlog: number;
    oldest: Date | null;
    retrying: number;
    dead: number;
  }[];
  return {
    outboxBacklog: row.backlog,
    oldestPendingAt: row.oldest?.toISOString() ?? null,
    retrying: row.retrying,
    deadLetters: row.dead,
  };
}
