import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { type EventEnvelope, isEventEnvelope } from './event-envelope.js';
import { EventHandlingFailedError } from './event-handling-failed.error.js';
import { type EventListener, EventTransport } from './event-transport.js';
import { type MessagingSettings, retryDelayMs } from './messaging-settings.js';

export interface RabbitMqOptions {
  readonly url: string;
  /** Prefix of exchange and queue names: `<ns>.events`, `<ns>.<module>`, `<ns>.<module>.dead-letters`. */
  readonly namespace: string;
  readonly prefetch: number;
  /**
   * What every module of the code base consumes (module → event types). Every
   * process declares all queues and bindings, so an event published before its
   * consumer's process first starts is already queued for it.
   */
  readonly consumers: Readonly<Record<string, readonly string[]>>;
}

/** The broker objects of one deployment (ADR 0004); also what tools clean up after a test deployment. */
export function brokerNames(namespace: string) {
  return {
    exchange: `${namespace}.events`,
    deadLetterExchange: `${namespace}.dead-letters`,
    queue: (module: string) => `${namespace}.${module}`,
    deadLetterQueue: (module: string) => `${namespace}.${module}.dead-letters`,
  };
}

class BrokerUnavailableError extends Error {
  constructor() {
    super('the message broker is not connected');
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * The transport once modules run in several processes: RabbitMQ (AMQP 0-9-1).
 *
 * - One durable topic exchange; the routing key is the event type.
 * - One durable queue per consuming module, bound to the types it consumes,
 *   with a dead-letter queue for messages it gives up on.
 * - Publisher confirms: `publish` resolves only when the broker has the
 *   message, so the relay marks the outbox row delivered after that, never before.
 * - Manual acknowledgement after the consumer's inbox transaction committed;
 *   a failed handler is retried in place with backoff (keeping its aggregate's
 *   order), a parked or unreadable message goes to the dead-letter queue.
 * - Reconnection with backoff; while the broker is away `publish` fails fast,
 *   events wait in the outboxes, and everything drains when it returns.
 */
export class RabbitMqTransport extends EventTransport {
  private connection: RecoveringChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private inspector: Channel | undefined;
  private readonly listeners = new Map<string, EventListener>();
  private readonly perAggregate = new Map<string, Promise<void>>();
  /** Consumer channels that died: their unacknowledged messages are redelivered, so stop retrying them here. */
  private readonly closedChannels = new WeakSet<Channel>();
  private stopped = false;
  /** Cuts retry back-offs short at shutdown; the unacknowledged messages are redelivered. */
  private readonly stopping = new AbortController();
  private readonly names: ReturnType<typeof brokerNames>;

  constructor(
    private readonly options: RabbitMqOptions,
    private readonly settings: MessagingSettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    super();
    this.names = brokerNames(options.namespace);
    metrics.brokerConnected.set(0);
    metrics.registerCollector(async () => {
      for (const [queue, messages] of Object.entries(await this.queueDepths())) metrics.brokerQueueMessages.set({ queue }, messages);
    });
  }

  /**
   * Messages waiting in the queues of the modules this process consumes for,
   * and in their dead-letter queues: what must drain before the broker can go
   * (back to macro), and what was given up on.
   */
  async queueDepths(): Promise<Record<string, number>> {
    const channel = this.inspector;
    if (!channel) return {};
    const depths: Record<string, number> = {};
    for (const module of this.listeners.keys()) {
      for (const queue of [this.names.queue(module), this.names.deadLetterQueue(module)]) depths[queue] = (await channel.checkQueue(queue)).messageCount;
    }
    return depths;
  }

  get connected(): boolean {
    return this.publisher !== undefined;
  }


  subscribe(consumer: string, _types: readonly string[], listener: EventListener): void {
    // Bindings come from `options.consumers`, declared by every process alike.
    this.listeners.set(consumer, listener);
  }

  /**
   * Connects; waits up to `initialWaitMs` for the first connection so a healthy
   * start reports a healthy broker, then carries on regardless: events wait in
   * the outboxes until the broker answers.
   */
  async start(initialWaitMs = 5_000): Promise<void> {
    this.connection = await connect(this.options.url, {
      recovery: {
        initialDelay: 100,
        maxDelay: 5_000,
        maxRetries: Infinity,
        waitForConnect: false,
        setup: (model: ChannelModel) => this.setUp(model),
      },
    });
    this.connection.on('disconnect', (error: Error) => this.lost(error));
    this.connection.on('connect-failed', (error: Error) => this.logger.warn({ err: error }, 'cannot reach the message broker; retrying'));
    this.connection.on('error', (error: Error) => this.logger.warn({ err: error }, 'message broker connection error'));
    let timer: NodeJS.Timeout | undefined;
    const connected = await Promise.race([
      this.connection.waitForConnect().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), initialWaitMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!connected) this.logger.warn({ waitedMs: initialWaitMs }, 'starting without the message broker; events wait in the outboxes until it answers');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.publisher = undefined;
    this.inspector = undefined;
    await Promise.allSettled([...this.perAggregate.values()]);
    await this.connection?.close().catch(() => undefined);
    this.metrics.brokerConnected.set(0);
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    const channel = this.publisher;
    if (!channel) throw new BrokerUnavailableError();
    const body = Buffer.from(JSON.stringify(envelope));
    await new Promise<void>((resolve, reject) => {
      try {
        channel.publish(
          this.names.exchange,
          envelope.type,
          body,
          {
            persistent: true,
            contentType: 'application/json',
            messageId: envelope.id,
            type: envelope.type,
            correlationId: envelope.correlationId,
            timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
            headers: { 'x-aggregate-id': envelope.aggregateId, 'x-causation-id': envelope.causationId ?? '' },
          },
          (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
        );
      } catch (error) {
        reject(error);
      }
    });
  }

  private async setUp(model: ChannelModel): Promise<void> {
    const admin = await model.createChannel();
    const deadLetters = this.names.deadLetterExchange;
    await admin.assertExchange(this.names.exchange, 'topic', { durable: true });
    await admin.assertExchange(deadLetters, 'direct', { durable: true });
    for (const [module, types] of Object.entries(this.options.consumers)) {
      await admin.assertQueue(this.names.deadLetterQueue(module), { durable: true });
      await admin.bindQueue(this.names.deadLetterQueue(module), deadLetters, module);
      await admin.assertQueue(this.names.queue(module), {
        durable: true,
        arguments: { 'x-dead-letter-exchange': deadLetters, 'x-dead-letter-routing-key': module },
      });
      for (const type of types) await admin.bindQueue(this.names.queue(module), this.names.exchange, type);
    }
    admin.on('error', (error: Error) => this.logger.warn({ err: error }, 'broker inspection channel error'));
    this.inspector = admin;

    const publisher = await model.createConfirmChannel();
    publisher.on('error', (error: Error) => this.logger.warn({ err: error }, 'broker publish channel error'));
    publisher.on('close', () => {
      if (this.publisher === publisher) this.publisher = undefined;
    });
    for (const [module, listener] of this.listeners) await this.consume(model, module, listener);
    this.publisher = publisher;
    this.metrics.brokerConnected.set(1);
    this.logger.info({ exchange: this.names.exchange, consumers: [...this.listeners.keys()] }, 'connected to the message broker');
  }

  private async consume(model: ChannelModel, module: string, listener: EventListener): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn({ err: error, module }, 'broker consumer channel error'));
    channel.on('close', () => this.closedChannels.add(channel));
    await channel.prefetch(this.options.prefetch);
    await channel.consume(this.names.queue(module), (message) => {
      if (message) this.receive(channel, module, listener, message);
    });
  }

  /** Events of one aggregate are handled one after another, in queue order; others in parallel. */
  private receive(channel: Channel, module: string, listener: EventListener, message: ConsumeMessage): void {
    let envelope: unknown;
    try {
      envelope = JSON.parse(message.content.toString('utf8'));
    } catch {
      envelope = undefined;
    }
    if (!isEventEnvelope(envelope)) {
      this.logger.error({ module, messageId: message.properties.messageId }, 'unreadable message moved to the dead-letter queue');
      channel.nack(message, false, false);
      return;
    }
    const key = `${module}:${envelope.aggregateId}`;
    const previous = this.perAggregate.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.handle(channel, listener, message, envelope as EventEnvelope));
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
  private async handle(channel: Channel, listener: EventListener, message: ConsumeMessage, envelope: EventEnvelope): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        const outcome = await listener(envelope);
        // Parked in the consumer's dead letters (re-drivable there); the broker's DLQ keeps a copy.
        settle(() => (outcome === 'parked' ? channel.nack(message, false, false) : channel.ack(message)));
        return;
      } catch (error) {
        // A failure before any handler counted it (the database away) has no inbox count: back off by tries.
        const attempt = error instanceof EventHandlingFailedError ? error.attempts : tries;
        if (this.stopped || this.closedChannels.has(channel)) return;
        await sleep(retryDelayMs(this.settings, attempt), undefined, { signal: this.stopping.signal, ref: false }).catch(() => undefined);
        if (this.stopped || this.closedChannels.has(channel)) return;
      }
    }
  }

  private lost(error: Error): void {
    this.publisher = undefined;
    this.inspector = undefined;
    this.metrics.brokerConnected.set(0);
    if (!this.stopped) this.logger.warn({ err: error }, 'lost the message broker; events wait in the outboxes until it is back');
  }
}

/** Acknowledging on a channel that died with its connection throws; the broker redelivers such messages anyway. */
function settle(acknowledge: () => void): void {
  try {
    acknowledge();
  } catch {
    // redelivered after reconnection; the inbox makes the second delivery harmless
  }
}
