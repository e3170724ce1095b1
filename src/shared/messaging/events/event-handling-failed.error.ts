/**
 * A handler failed and the event should come again later. Carries how many
 * times this handler has now failed on this event (counted in the consumer's
 * `inbox_failures`), so a transport that redelivers — RabbitMQ — can back off
 * exponentially by attempt rather than by its own redelivery flag.
 */
export class EventHandlingFailedError extends Error {
  constructor(
    readonly handler: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`${handler} failed (attempt ${attempts}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EventHandlingFailedError';
  }
}
