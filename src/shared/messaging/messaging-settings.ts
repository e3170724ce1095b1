/** Delivery tuning shared by every relay and inbox of the process. */
export interface MessagingSettings {
  readonly relayPollIntervalMs: number;
  readonly relayBatchSize: number;
  readonly relayConcurrency: number;
  /** Claim loops per relay: batches in flight at once (each holds its own rows). */
  readonly relayClaimers: number;
  /** Handler attempts before an event is parked as a dead letter. */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly outboxRetentionHours: number;
  readonly inboxRetentionHours: number;
}

export const MESSAGING_SETTINGS = Symbol('MESSAGING_SETTINGS');

/** Exponential backoff with a cap, for the n-th failed attempt (1-based). */
export function retryDelayMs(settings: MessagingSettings, attempt: number): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
}
