import type { MessagingSettings } from '../config/app-config.js';

// Read and validated with the rest of the configuration; the relays and inboxes get them through this token.
export type { MessagingSettings };

export const MESSAGING_SETTINGS = Symbol('MESSAGING_SETTINGS');

/** Exponential backoff with a cap, for the n-th failed attempt (1-based). */
export function retryDelayMs(settings: MessagingSettings, attempt: number): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
}
