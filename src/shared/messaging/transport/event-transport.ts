import type { EventEnvelope } from '../events/event-envelope.js';

/** What a consumer did with an event: dealt with it, or parked it as a dead letter. */
export type DeliveryOutcome = 'handled' | 'parked';

/** Resolves once the consumer's transaction committed; rejects when the event should come again later. */
export type EventListener = (envelope: EventEnvelope) => Promise<DeliveryOutcome>;

/** Sees an event go by; must not throw or block (see `EventTransport.watch`). */
export type EventObserver = (envelope: EventEnvelope) => void;

/**
 * Carries committed events from a module's outbox relay to the consuming
 * modules. In one process it is the in-process bus; once a module runs
 * elsewhere it is RabbitMQ. Modules never see which.
 */
export abstract class EventTransport {
  /** `messaging.system` of the spans that carry events: `rabbitmq`, or `in-process`. */
  abstract readonly system: string;

  /**
   * Hands one event over. Resolves once the transport is responsible for it
   * (in process: every local consumer has handled or parked it); rejects when
   * the relay must try again later.
   */
  abstract publish(envelope: EventEnvelope): Promise<void>;

  /** Registers `consumer`'s listener for the given event types. */
  abstract subscribe(consumer: string, types: readonly string[], listener: EventListener): void;

  /**
   * Shows `observer` every event of the deployment as it is published, for people watching (the operations
   * console), with no delivery guarantee: missed while disconnected, or when the observer falls behind. Costs nothing
   * until someone watches; the function returned stops watching.
   */
  abstract watch(observer: EventObserver): () => void;
}
