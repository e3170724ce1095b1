import type { DeadLetter } from './dead-letter.js';
import type { DeadLetterPosition } from './dead-letter.cursor.js';

/** What re-driving a dead letter came to, where it was asked. */
export type RedriveResult =
  | { readonly outcome: 'redriven'; readonly deadLetter: DeadLetter }
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'refused'; readonly code: string; readonly detail: string };

export interface ListDeadLettersOptions {
  readonly includeRedriven: boolean;
  readonly limit: number;
  /** Only those after this one in the listing order (the next page). */
  readonly after?: DeadLetterPosition;
}

/**
 * The dead letters of another process of the deployment (the modules it
 * hosts), so the operations API of any process shows and re-drives them all.
 */
export interface RemoteDeadLetterSource {
  list(options: ListDeadLettersOptions): Promise<DeadLetter[]>;
  redrive(id: string): Promise<RedriveResult>;
}
