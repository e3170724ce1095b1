import type { Logger } from 'pino';
import { ConflictError, NotFoundError } from '../../errors/application.errors.js';
import { isTransientDatabaseError } from '../../database/errors/pg-errors.js';
import type { Transactions } from '../../database/transactions/transactions.js';
import type { Metrics } from '../../observability/metrics.js';
import { requestContext } from '../../observability/request-context.js';
import { contextFrom } from '../../observability/tracing/trace-context.js';
import { inSpan } from '../../observability/tracing/tracer.js';
import { type Context, context, trace } from '@opentelemetry/api';
import type { DeadLetter } from '../dead-letters/dead-letter.js';
import type { ListDeadLettersOptions } from '../dead-letters/dead-letter.source.js';
import { DeadLetterStore } from '../dead-letters/dead-letter.store.js';
import type { EventEnvelope } from '../events/event-envelope.js';
import { EventHandlingFailedError } from '../events/event-handling-failed.error.js';
import type { DeliveryOutcome } from '../transport/event-transport.js';
import type { IntegrationEvent } from '../events/integration-event.js';
import type { HandlingScope, IntegrationEventHandler, ReceivedEvent } from '../events/integration-event-handler.js';
import type { MessagingSettings } from '../messaging-settings.js';
import { InvalidEventPayloadError } from '../events/payload-reader.js';
import { BatchingQueue } from './batching.queue.js';

/** A handler as the inbox keeps it: its inbox key, the event it reads, and what it does. */
export interface RegisteredHandler extends IntegrationEventHandler {
  readonly event: IntegrationEvent<unknown>;
}

/** An event whose payload passed its contract, waiting for its handler. */
interface ParsedEvent {
  readonly envelope: EventEnvelope;
  readonly payload: unknown;
}

/** Events in one handler's transaction at most; a larger backlog goes in several. */
const MAX_BATCH = 64;

export class RedriveFailedError extends ConflictError {
  override readonly code = 'events.redrive-failed';
}

export class DeadLetterNotFoundError extends NotFoundError {
  override readonly code = 'events.dead-letter-not-found';
}

/**
 * The inbox of one consuming module. Each event is handled in a transaction of
 * the module that also records `(event id, handler)`, so a redelivered event
 * has no second effect. A payload that breaks its contract, or a handler that
 * keeps failing, parks the event as a dead letter with its error and attempt
 * count; parked events run again only when re-driven.
 */
export class Inbox {
  private readonly handlers = new Map<string, RegisteredHandler>();
  private readonly queues = new Map<string, BatchingQueue<ParsedEvent, DeliveryOutcome>>();
  private readonly deadLetters: DeadLetterStore;

  constructor(
    readonly module: string,
    private readonly transactions: Transactions,
    private readonly settings: MessagingSettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.deadLetters = new DeadLetterStore(module, transactions);
  }

  register<T>(handler: IntegrationEventHandler<T>, event: IntegrationEvent<T>): void {
    if (this.handlers.has(handler.name)) throw new Error(`${this.module} has two event handlers named ${handler.name}`);
    // `event.parse` made the payload a T before any handler sees it (receive()).
    this.handlers.set(handler.name, {
      name: handler.name,
      event,
      handle: (received) => handler.handle(received as ReceivedEvent<T>),
      handleMany:
        handler.handleMany &&
        ((received, handling) => handler.handleMany!(received as readonly ReceivedEvent<T>[], handling)),
    });
  }

  handlersFor(type: string): RegisteredHandler[] {
    return [...this.handlers.values()].filter((handler) => handler.event.type === type);
  }

  /**
   * Handles `envelope` with `handler`; rejects only when the event should be delivered again later. Events that
   * arrive for one handler while it is busy are handled together, in one transaction (see BatchingQueue).
   */
  async receive(handler: RegisteredHandler, envelope: EventEnvelope): Promise<DeliveryOutcome> {
    let payload: unknown;
    try {
      payload = handler.event.parse(envelope.payload);
    } catch (error) {
      if (!(error instanceof InvalidEventPayloadError)) throw error;
      await this.transactions.run(() => this.deadLetters.park(envelope, handler.name, error.message, 1));
      this.logger.error(
        { eventId: envelope.id, type: envelope.type, handler: handler.name, err: error },
        'malformed event parked as a dead letter',
      );
      this.outcome(handler, 'parked');
      return 'parked';
    }
    return this.queueFor(handler).submit({ envelope, payload });
  }

  private queueFor(handler: RegisteredHandler): BatchingQueue<ParsedEvent, DeliveryOutcome> {
    let queue = this.queues.get(handler.name);
    if (!queue) {
      queue = new BatchingQueue(MAX_BATCH, (events) => this.handleAll(handler, events));
      this.queues.set(handler.name, queue);
    }
    return queue;
  }

  /**
   * Several events: one transaction for all, claimed in the inbox by one statement. If anything in it fails, it
   * rolls back and each event is handled on its own, so a failure is counted against its own event only.
   */
  private async handleAll(
    handler: RegisteredHandler,
    events: readonly ParsedEvent[],
  ): Promise<PromiseSettledResult<DeliveryOutcome>[]> {
    if (events.length > 1) {
      try {
        const handled = await this.handleBatch(handler, events);
        return events.map(({ envelope }, index) => ({
          status: 'fulfilled',
          value: this.handled(handler, envelope, handled[index]),
        }));
      } catch (error) {
        this.logger.debug(
          { module: this.module, handler: handler.name, events: events.length, err: error },
          'a batch of events failed; handling them one by one',
        );
      }
    }
    const results: PromiseSettledResult<DeliveryOutcome>[] = [];
    for (const { envelope, payload } of events) {
      try {
        results.push({ status: 'fulfilled', value: await this.handleOne(handler, envelope, payload) });
      } catch (error) {
        results.push({ status: 'rejected', reason: error });
      }
    }
    return results;
  }

  /** Which of `events` this transaction handled; the others were handled before (or earlier in the same batch). */
  private handleBatch(handler: RegisteredHandler, events: readonly ParsedEvent[]): Promise<boolean[]> {
    return this.transactions.run(async () => {
      const claimed = await this.transactions.query<{ event_id: string }>(
        `INSERT INTO ${this.module}.inbox (event_id, handler) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING RETURNING event_id`,
        [events.map(({ envelope }) => envelope.id), handler.name],
      );
      const unhandled = new Set(claimed.map((row) => row.event_id));
      // The same event twice in one batch (a redelivery): the first copy takes the claim.
      const handled = events.map(({ envelope }) => unhandled.delete(envelope.id.toLowerCase()));
      const mine = events.filter((_, index) => handled[index]);
      const handling: HandlingScope<unknown> = (event, work) =>
        handlerSpan(this.module, handler, event.envelope, contextFrom(event.envelope), () =>
          requestContext.run(handlingContext(event.envelope), work),
        );
      if (handler.handleMany && mine.length > 1) {
        await handler.handleMany(mine, handling);
      } else {
        for (const event of mine) await handling(event, () => handler.handle(event));
      }
      return handled;
    });
  }

  /** Counts and logs an event this inbox dealt with; `handled` is false for a duplicate. */
  private handled(handler: RegisteredHandler, envelope: EventEnvelope, handled: boolean): DeliveryOutcome {
    this.outcome(handler, handled ? 'handled' : 'duplicate');
    this.logger.info(
      {
        module: this.module,
        handler: handler.name,
        type: envelope.type,
        eventId: envelope.id,
        correlationId: envelope.correlationId,
        duplicate: !handled,
      },
      handled ? 'event handled' : 'duplicate event skipped',
    );
    return 'handled';
  }

  private outcome(handler: RegisteredHandler, value: string): void {
    this.metrics.eventsHandled.inc({ module: this.module, handler: handler.name, outcome: value });
  }

  /** One event in a transaction of its own, with its failures counted, retried and finally parked. */
  private async handleOne(
    handler: RegisteredHandler,
    envelope: EventEnvelope,
    payload: unknown,
  ): Promise<DeliveryOutcome> {
    try {
      return this.handled(handler, envelope, await this.runHandler(handler, envelope, payload, true));
    } catch (error) {
      this.outcome(handler, 'failed');
      if (isTransientDatabaseError(error)) {
        // Not the event's fault: retried (with backoff) for as long as it takes, never parked for it.
        this.logger.warn(
          { eventId: envelope.id, type: envelope.type, handler: handler.name, err: error },
          'event handler hit a passing database failure; will retry without counting an attempt',
        );
        throw error;
      }
      const attempts = await this.recordFailure(envelope, handler.name, error);
      if (attempts < this.settings.maxAttempts) {
        this.logger.warn(
          { eventId: envelope.id, type: envelope.type, handler: handler.name, attempts, err: error },
          'event handler failed; will retry',
        );
        throw new EventHandlingFailedError(handler.name, attempts, error);
      }
      // The last failure may have come after a commit (the connection lost at COMMIT) or from a copy another process handled.
      if (await this.alreadyHandled(envelope.id, handler.name)) {
        this.outcome(handler, 'duplicate');
        return 'handled';
      }
      await this.transactions.run(() => this.deadLetters.park(envelope, handler.name, describe(error), attempts));
      this.logger.error(
        { eventId: envelope.id, type: envelope.type, handler: handler.name, attempts, err: error },
        'event parked as a dead letter after repeated failures',
      );
      this.outcome(handler, 'parked');
      return 'parked';
    }
  }

  listDeadLetters(options: ListDeadLettersOptions): Promise<DeadLetter[]> {
    return this.deadLetters.list(options);
  }

  /**
   * Runs a parked event's handler again, in one transaction that also marks the
   * dead letter re-driven (its row lock keeps two re-drives from racing).
   */
  async redrive(id: string): Promise<DeadLetter> {
    const seen: { parked?: DeadLetter } = {};
    try {
      const redriven = await this.transactions.run(async () => {
        const parked = await this.deadLetters.find(id, true);
        if (!parked) throw new DeadLetterNotFoundError(`No dead letter ${id} in ${this.module}.`);
        if (parked.redrivenAt !== null)
          throw new ConflictError(`Dead letter ${id} was already re-driven at ${parked.redrivenAt}.`);
        const handler = this.handlers.get(parked.handler);
        if (!handler)
          throw new ConflictError(
            `${this.module} no longer has a handler named ${parked.handler}; it cannot be re-driven.`,
          );
        seen.parked = parked; // from here on, a failure is the handler's
        await this.runHandler(
          handler,
          parked.envelope,
          handler.event.parse(parked.envelope.payload),
          false,
          context.active(),
        );
        return this.deadLetters.markRedriven(id);
      });
      this.logger.info(
        { deadLetterId: id, eventId: redriven.eventId, handler: redriven.handler },
        'dead letter re-driven',
      );
      return redriven;
    } catch (error) {
      const failed = seen.parked;
      if (failed === undefined) throw error;
      await this.deadLetters.recordFailedRedrive(id, describe(error));
      throw new RedriveFailedError(`Re-driving ${failed.type} with ${failed.handler} failed again: ${describe(error)}`);
    }
  }

  /**
   * One transaction: claim `(event id, handler)` in the inbox (a duplicate finds
   * it taken and stops), then let the handler make its changes and raise events.
   */
  private runHandler(
    handler: RegisteredHandler,
    envelope: EventEnvelope,
    payload: unknown,
    claim: boolean,
    // A re-drive is part of the operator's request; a delivery continues the trace of the span that published it.
    parent: Context = contextFrom(envelope),
  ): Promise<boolean> {
    return handlerSpan(this.module, handler, envelope, parent, () =>
      requestContext.run(handlingContext(envelope), () =>
        this.transactions.run(async () => {
          if (claim) {
            const claimed = await this.transactions.query(
              `INSERT INTO ${this.module}.inbox (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
              [envelope.id, handler.name],
            );
            if (claimed.length === 0) return false;
          }
          await handler.handle({ envelope, payload });
          return true;
        }),
      ),
    );
  }

  private async alreadyHandled(eventId: string, handler: string): Promise<boolean> {
    const rows = await this.transactions.query(
      `SELECT 1 FROM ${this.module}.inbox WHERE event_id = $1 AND handler = $2`,
      [eventId, handler],
    );
    return rows.length > 0;
  }

  private async recordFailure(envelope: EventEnvelope, handler: string, error: unknown): Promise<number> {
    const rows = await this.transactions.query<{ attempts: number }>(
      `INSERT INTO ${this.module}.inbox_failures (event_id, handler, attempts, last_error, updated_at) VALUES ($1, $2, 1, $3, now())
       ON CONFLICT (event_id, handler) DO UPDATE SET attempts = ${this.module}.inbox_failures.attempts + 1, last_error = EXCLUDED.last_error, updated_at = now()
       RETURNING attempts`,
      [envelope.id, handler, describe(error).slice(0, 4000)],
    );
    return rows[0].attempts;
  }
}

/**
 * One handler's work on one event, as a span: its queries and the events it raises are part of it. A re-drive
 * links to the span the event was published from.
 */
function handlerSpan<T>(
  module: string,
  handler: RegisteredHandler,
  envelope: EventEnvelope,
  parent: Context,
  work: () => Promise<T>,
): Promise<T> {
  const published = trace.getSpanContext(contextFrom(envelope));
  const linked = published !== undefined && published.spanId !== trace.getSpanContext(parent)?.spanId;
  const options = {
    attributes: {
      'tessera.module': module,
      'tessera.handler': handler.name,
      'tessera.event.type': envelope.type,
      'messaging.message.id': envelope.id,
    },
    links: linked ? [{ context: published }] : [],
  };
  return inSpan(`handle ${handler.name}`, options, parent, work);
}

/** What a handler's log lines and the events it raises name as their cause: the event being handled. */
function handlingContext(envelope: EventEnvelope) {
  return { requestId: envelope.id, correlationId: envelope.correlationId, causeId: envelope.id };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
