import type { Type } from '@nestjs/common';
import type { EventEnvelope } from './event-envelope.js';
import type { IntegrationEvent } from './integration-event.js';

export interface ReceivedEvent<T> {
  readonly envelope: EventEnvelope<unknown>;
  /** The payload, validated against the contract. */
  readonly payload: T;
}

/**
 * A consuming module's reaction to one event type. `handle` runs inside the
 * consuming module's transaction, which also records the event in its inbox:
 * the effects and the "already handled" mark commit together. Events it raises
 * (via `Outbox.append`) carry this event as their cause.
 */
export interface IntegrationEventHandler<T = unknown> {
  /** Stable and unique within the module: the inbox key. Renaming it makes old events look new. */
  readonly name: string;
  handle(event: ReceivedEvent<T>): Promise<void>;
  /**
   * Optional: several events in one transaction, set-based — one statement reads or writes what `handle` would
   * for each — with the same effect as `handle` on each in turn. The part of the work that belongs to one event
   * (deciding, raising its events) runs inside `handling(event, …)`, which makes that event the cause of what it
   * raises and gives it its span. Throwing rolls the batch back, and the inbox then handles each event on its own:
   * the way out of a case the set-based path does not cover.
   */
  handleMany?(events: readonly ReceivedEvent<T>[], handling: HandlingScope<T>): Promise<void>;
}

/** Runs `work` as the handling of one event of a batch: in its span, as the cause of the events it raises. */
export type HandlingScope<T> = <R>(event: ReceivedEvent<T>, work: () => Promise<R>) => Promise<R>;

/**
 * A handler class names the event it reads as a static, so the module can
 * list what it consumes (for the broker's queues) without instantiating it.
 */
export type IntegrationEventHandlerClass<T = unknown> = Type<IntegrationEventHandler<T>> & {
  readonly event: IntegrationEvent<T>;
};

/** The event types a set of handlers reads (a module's definition declares them as `consumes`). */
export function consumedEventTypes(handlers: readonly IntegrationEventHandlerClass[]): string[] {
  return [...new Set(handlers.map((handler) => handler.event.type))];
}
