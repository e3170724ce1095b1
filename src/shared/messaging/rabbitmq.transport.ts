import { setTimeout as sleep } from 'node:timers/promises';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type RecoveringChannelModel,
} from 'amqplib';
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

/** How long a publish waits for the broker's confirm. */
const CONFIRM_TIMEOUT_MS = 10_000;

class BrokerUnavailableError extends Error {
  constructor(message = 'the message broker is not connected') {
    super(message);
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
  /** The connection the channels below belong to; unset while the broker is away. */
  private model: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private inspector: Channel | undefined;
  private readonly consumers = new Map<string, Channel>();
  /** Set while the broker refuses publishes (a memory or disk alarm). */
  private blockedReason: string | undefined;
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
      for (const [queue, messages] of Object.entries(await this.queueDepths()))
        metrics.brokerQueueMessages.set({ queue }, messages);
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
      for (const queue of [this.names.queue(module), this.names.deadLetterQueue(module)])
        depths[queue] = (await channel.checkQueue(queue)).messageCount;
    }
    return depths;
  }

  /** Connected, publishing, and consuming for every module this process consumes for. */
  get connected(): boolean {
    return (
      this.publisher !== undefined &&
      this.blockedReason === undefined &&
      [...this.listeners.keys()].every((module) => this.consumers.has(module))
    );
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
    this.connection.on('connect-failed', (error: Error) =>
      this.logger.warn({ err: error }, 'cannot reach the message broker; retrying'),
    );
    this.connection.on('error', (error: Error) => this.logger.warn({ err: error }, 'message broker connection error'));
    this.connection.on('blocked', (reason: string) => {
      this.blockedReason = reason;
      this.logger.warn({ reason }, 'the message broker blocked publishing; events wait in the outboxes');
    });
    this.connection.on('unblocked', () => {
      this.blockedReason = undefined;
      this.logger.info('the message broker accepts publishes again');
    });
    let timer: NodeJS.Timeout | undefined;
    const connected = await Promise.race([
      this.connection.waitForConnect().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), initialWaitMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!connected)
      this.logger.warn(
        { waitedMs: initialWaitMs },
        'starting without the message broker; events wait in the outboxes until it answers',
      );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.model = undefined;
    this.publisher = undefined;
    this.inspector = undefined;
    await Promise.allSettled([...this.perAggregate.values()]);
    await this.connection?.close().catch(() => undefined);
    this.metrics.brokerConnected.set(0);
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    const channel = this.publisher;
    if (!channel) throw new BrokerUnavailableError();
    if (this.blockedReason !== undefined)
      throw new BrokerUnavailableError(`the message broker blocked publishing (${this.blockedReason})`);
    const body = Buffer.from(JSON.stringify(envelope));
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      // A confirm that never comes would hold the relay's claim forever; a late one only means a duplicate, which the inbox absorbs.
      timer = setTimeout(
        () => reject(new BrokerUnavailableError(`the message broker did not confirm within ${CONFIRM_TIMEOUT_MS} ms`)),
        CONFIRM_TIMEOUT_MS,
      );
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
          (error: unknown) =>
            error
              ? reject(error instanceof Error ? error : new Error('the broker refused the message', { cause: error }))
              : resolve(),
        );
      } catch (error) {
        reject(error instanceof Error ? error : new Error('the broker channel failed', { cause: error }));
      }
    }).finally(() => clearTimeout(timer));
  }

  private async setUp(model: ChannelModel): Promise<void> {
    this.model = model;
    await this.openInspector(model, true);
    for (const [module, listener] of this.listeners) await this.consume(model, module, listener, false);
    await this.openPublisher(model);
    this.metrics.brokerConnected.set(1);
    this.logger.info(
      { exchange: this.names.exchange, consumers: [...this.listeners.keys()] },
      'connected to the message broker',
    );
  }

  /** Declares the exchanges, queues and bindings (on first opening), and keeps the channel that inspects queue depths. */
  private async openInspector(model: ChannelModel, declare: boolean): Promise<void> {
    const admin = await model.createChannel();
    admin.on('error', (error: Error) => this.logger.warn({ err: error }, 'broker inspection channel error'));
    admin.on('close', () => {
      if (this.inspector === admin) this.inspector = undefined;
      this.reopen(model, 'inspector', () => this.openInspector(model, false));
    });
    if (declare) {
      await admin.assertExchange(this.names.exchange, 'topic', { durable: true });
      await admin.assertExchange(this.names.deadLetterExchange, 'direct', { durable: true });
      for (const module of Object.keys(this.options.consumers)) await this.declareQueues(admin, module);
    }
    this.inspector = admin;
  }

  private async openPublisher(model: ChannelModel): Promise<void> {
    const publisher = await model.createConfirmChannel();
    publisher.on('error', (error: Error) => this.logger.warn({ err: error }, 'broker publish channel error'));
    publisher.on('close', () => {
      if (this.publisher === publisher) this.publisher = undefined;
      this.reopen(model, 'publisher', () => this.openPublisher(model));
    });
    this.publisher = publisher;
  }

  /** `redeclare`: when reopening, the queues may have been deleted meanwhile; at connection they were just declared. */
  private async consume(model: ChannelModel, module: string, listener: EventListener, redeclare = true): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn({ err: error, module }, 'broker consumer channel error'));
    channel.on('close', () => {
      this.closedChannels.add(channel);
      if (this.consumers.get(module) === channel) this.consumers.delete(module);
      this.reopen(model, `consumer:${module}`, () => this.consume(model, module, listener));
    });
    if (redeclare) await this.declareQueues(channel, module);
    await channel.prefetch(this.options.prefetch);
    await channel.consume(this.names.queue(module), (message) => {
      if (message) return this.receive(channel, module, listener, message);
      // The broker cancelled the consumer (its queue was deleted): start over on a new channel.
      this.logger.warn({ module }, 'the message broker cancelled a consumer');
      channel.close().catch(() => undefined);
    });
    this.consumers.set(module, channel);
  }

  /** A consuming module's queue, bound to the types it consumes, and its dead-letter queue; idempotent. */
  private async declareQueues(channel: Channel, module: string): Promise<void> {
    const deadLetters = this.names.deadLetterExchange;
    await channel.assertQueue(this.names.deadLetterQueue(module), { durable: true });
    await channel.bindQueue(this.names.deadLetterQueue(module), deadLetters, module);
    await channel.assertQueue(this.names.queue(module), {
      durable: true,
      arguments: { 'x-dead-letter-exchange': deadLetters, 'x-dead-letter-routing-key': module },
    });
    for (const type of this.options.consumers[module] ?? [])
      await channel.bindQueue(this.names.queue(module), this.names.exchange, type);
  }

  /**
   * The broker can close one channel and keep the connection (a consumer
   * timeout, a channel error): open it again, with backoff, for as long as that
   * connection is the current one. A lost connection is the recovery's to set
   * up again, channels and all.
   */
  private reopen(model: ChannelModel, channel: string, open: () => Promise<void>, delayMs = 500): void {
    if (this.stopped || this.model !== model) return;
    this.logger.warn({ channel }, 'the message broker closed a channel; opening it again');
    setTimeout(() => {
      if (this.stopped || this.model !== model) return;
      open().catch((error: unknown) => {
        this.logger.warn({ err: error, channel }, 'could not open the broker channel again; retrying');
        this.reopen(model, channel, open, Math.min(delayMs * 2, 10_000));
      });
    }, delayMs).unref();
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
    if (misrouted || !(this.options.consumers[module] ?? []).includes(envelope.type)) {
      this.logger.error(
        { module, eventId: envelope.id, type: envelope.type, routedAs },
        `message routed as ${routedAs} for a type ${module} does not handle moved to the dead-letter queue`,
      );
      channel.nack(message, false, false);
      return;
    }
    const key = `${module}:${envelope.aggregateId}`;
    const previous = this.perAggregate.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.handle(channel, listener, message, envelope));
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
    listener: EventListener,
    message: ConsumeMessage,
    envelope: EventEnvelope,
  ): Promise<void> {
    for (let tries = 1; ; tries++) {
      // A message whose channel died (also while it waited behind its aggregate) is redelivered, in order, on a new one.
      if (this.stopped || this.closedChannels.has(channel)) return;
      try {
        const outcome = await listener(envelope);
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

  private lost(error: Error): void {
    this.model = undefined;
    this.publisher = undefined;
    this.inspector = undefined;
    this.consumers.clear();
    this.metrics.brokerConnected.set(0);
    if (!this.stopped)
      this.logger.warn({ err: error }, 'lost the message broker; events wait in the outboxes until it is back');
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
