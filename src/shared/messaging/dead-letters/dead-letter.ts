import type { EventEnvelope } from '../events/event-envelope.js';

/** An event a consumer gave up on, kept with its error until someone re-drives it. */
export interface DeadLetter {
  readonly id: string;
  readonly module: string;
  readonly handler: string;
  readonly eventId: string;
  readonly type: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
  readonly redrivenAt: string | null;
  readonly envelope: EventEnvelope;
}
