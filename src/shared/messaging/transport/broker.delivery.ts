import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { EventEnvelope } from '../events/event-envelope.js';
import { EventHandlingFailedError } from '../events/event-handling-failed.error.js';
import { type MessagingSettings, retryDelayMs } from '../messaging-settings.js';
import { receivedEnvelope } from './broker.message.js';
import type { brokerNames } from './broker.names.js';
import type { DeliveryOutcome, EventListener } from './event-transport.js';
import { contextFrom, currentTraceContext } from '../../observability/tracing/trace-context.js';
import { inSpan } from '../../observability/tracing/tracer.js';
import { SpanKind } from '@opentelemetry/api';

/**
 * What happens to a message once a consumer channel hands it over: checked, handled in its
 * aggregate's order, retried in place while its handler fails, then acknowledged or dead-lettered.
 */
export class BrokerDelivery {
  private readonly perAggregate = new Map<string, Promise<void>>();
  /** Consumer channels that died: their unacknowledged messages are redelivered, so stop retrying them here. */
  private readonly closedChannels = new WeakSet<Channel>();
  private stopped = false;
  /** Cuts retry back-offs short at shutdown; the unacknowledged messages are redelivered. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly names: ReturnType<typeof brokerNames>,
    private readonly consumers: Readonly<Record<string, readonly string[]>>,
    private readonly settings: MessagingSettings,
    private readonly logger: Logger,
  ) {}

  /** The channel died: its messages are the broker's to redeliver. */
  channelClosed(channel: Channel): void {
    this.closedChannels.add(channel);
  }

  /** Stops retrying and waits for the handlers in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await Promise.allSettled([...this.perAggregate.values()]);
  }

  /** Events of one aggregate are handled one after another, in queue order; others in parallel. */
  receive(channel: Channel, module: string, listener: EventListener, message: ConsumeMessage): void {
    const envelope = receivedEnvelope(message);
    if (!envelope) {
      this.logger.error(
        { module, messageId: message.properties.messageId },
        'unreadable message moved to the dead-letter queue',
      );
      channel.nack(message, false, false);
      return;
    }
    // Of a type this module does not consume (a binding left behind), or published to the events exchange under one
    // type while calling itself another: no handler would run, and acknowledging it would lose it without a trace.
    // (A message moved back from the dead-letter queue by an operator arrives through the default exchange, routed by
    // the queue's name: only its type is checked.)
    const routedAs = message.fields.routingKey;
    const misrouted = message.fields.exchange === this.names.exchange && envelope.type !== routedAs;
    if (misrouted || !(this.consumers[module] ?? []).includes(envelope.type)) {
      this.logger.error(
        { module, eventId: envelope.id, type: envelope.type, routedAs },
        `message routed as ${routedAs} for a type ${module} does not handle moved to the dead-letter queue`,
      );
      channel.nack(message, false, false);
      return;
    }
    const key = `${module}:${envelope.aggregateId}`;
    const previous = this.perAggregate.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.handle(channel, module, listener, message, envelope));
    this.perAggregate.set(key, next);
    void next.finally(() => {
      if (this.perAggregate.get(key) === next) this.perAggregate.delete(key);
    });
  }

  /**
   * Retries a failing handler in place, with backoff, rather than requeueing:
   * the aggregate's later messages wait behind it, as they wait behind an
   * undelivered outbox row in one process. The inbox counts the attempts and
   * parks the event after the last; an unacknowledged message whose channel
   * died is the broker's to redeliver.
   */
  private async handle(
    channel: Channel,
    module: string,
    listener: EventListener,
    message: ConsumeMessage,
    envelope: EventEnvelope,
  ): Promise<void> {
    for (let tries = 1; ; tries++) {
      // A message whose channel died (also while it waited behind its aggregate) is redelivered, in order, on a new one.
      if (this.stopped || this.closedChannels.has(channel)) return;
      try {
        const outcome = await consumeSpan(module, listener, envelope);
        // Parked in the consumer's dead letters (re-drivable there); the broker's DLQ keeps a copy.
        settle(() => (outcome === 'parked' ? channel.nack(message, false, false) : channel.ack(message)));
        return;
      } catch (error) {
        // A failure before any handler counted it (the database away) has no inbox count: back off by tries.
        const attempt = error instanceof EventHandlingFailedError ? error.attempts : tries;
        await sleep(retryDelayMs(this.settings, attempt), undefined, {
          signal: this.stopping.signal,
          ref: false,
        }).catch(() => undefined);
      }
    }
  }
}

/**
 * One attempt at handling a message, in a consumer span that continues the publisher's trace; the handlers
 * continue from this span.
 */
function consumeSpan(module: string, listener: EventListener, envelope: EventEnvelope): Promise<DeliveryOutcome> {
  const attributes = {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': envelope.type,
    'messaging.message.id': envelope.id,
    'messaging.consumer.group.name': module,
  };
  return inSpan(`process ${envelope.type}`, { kind: SpanKind.CONSUMER, attributes }, contextFrom(envelope), () =>
    listener({ ...envelope, ...currentTraceContext() }),
  );
}

/** Acknowledging on a channel that died with its connection throws; the broker redelivers such messages anyway. */
function settle(acknowledge: () => void): void {
  try {
    acknowledge();
  } catch {
    // redelivered after reconnection; the inbox makes the second delivery harmless
  }
}
