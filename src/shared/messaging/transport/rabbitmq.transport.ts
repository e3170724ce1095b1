import { connect, type Channel, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import type { Metrics } from '../../observability/metrics.js';
import type { EventEnvelope } from '../events/event-envelope.js';
import type { MessagingSettings } from '../messaging-settings.js';
import { BrokerDelivery } from './broker.delivery.js';
import { brokerMessage } from './broker.message.js';
import { brokerNames, type RabbitMqOptions } from './broker.names.js';
import { declareExchanges, declareQueues } from './broker.topology.js';
import { BrokerTap } from './broker.tap.js';
import { BrokerUnavailableError } from './broker-unavailable.error.js';
import { type EventListener, type EventObserver, EventTransport } from './event-transport.js';

export { brokerNames, type RabbitMqOptions };

/** How long a publish waits for the broker's confirm. */
const CONFIRM_TIMEOUT_MS = 10_000;

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
  readonly system = 'rabbitmq';

  private connection: RecoveringChannelModel | undefined;
  /** The connection the channels below belong to; unset while the broker is away. */
  private model: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private inspector: Channel | undefined;
  private readonly consumers = new Map<string, Channel>();
  /** Set while the broker refuses publishes (a memory or disk alarm). */
  private blockedReason: string | undefined;
  private readonly listeners = new Map<string, EventListener>();
  private readonly tap: BrokerTap;
  private stopped = false;
  private readonly names: ReturnType<typeof brokerNames>;
  private readonly delivery: BrokerDelivery;

  constructor(
    private readonly options: RabbitMqOptions,
    settings: MessagingSettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    super();
    this.names = brokerNames(options.namespace);
    this.delivery = new BrokerDelivery(this.names, options.consumers, settings, logger);
    this.tap = new BrokerTap(this.names, logger, (model, open) => this.reopen(model, 'tap', open));
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
      // Small frames sent one after another (publish, then confirm; deliver, then ack) must not wait out
      // Nagle's algorithm against the peer's delayed ACK: that cost ~40 ms per hop, as traces showed.
      noDelay: true,
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
    this.model = undefined;
    this.publisher = undefined;
    this.inspector = undefined;
    await this.delivery.stop();
    await this.connection?.close().catch(() => undefined);
    this.metrics.brokerConnected.set(0);
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    const channel = this.publisher;
    if (!channel) throw new BrokerUnavailableError();
    if (this.blockedReason !== undefined)
      throw new BrokerUnavailableError(`the message broker blocked publishing (${this.blockedReason})`);
    const { body, options } = brokerMessage(envelope, this.options.eventFormat ?? 'cloudevents');
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      // A confirm that never comes would hold the relay's claim forever; a late one only means a duplicate, which the inbox absorbs.
      timer = setTimeout(
        () => reject(new BrokerUnavailableError(`the message broker did not confirm within ${CONFIRM_TIMEOUT_MS} ms`)),
        CONFIRM_TIMEOUT_MS,
      );
      try {
        channel.publish(this.names.exchange, envelope.type, body, options, (error: unknown) =>
          error
            ? reject(error instanceof Error ? error : new Error('the broker refused the message', { cause: error }))
            : resolve(),
        );
      } catch (error) {
        reject(error instanceof Error ? error : new Error('the broker channel failed', { cause: error }));
      }
    }).finally(() => clearTimeout(timer));
  }

  /** Observers read a queue of their own (see BrokerTap). */
  watch(observer: EventObserver): () => void {
    return this.tap.watch(observer, this.model);
  }

  private async setUp(model: ChannelModel): Promise<void> {
    this.model = model;
    await this.openInspector(model, true);
    for (const [module, listener] of this.listeners) await this.consume(model, module, listener, false);
    this.tap.open(model);
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
      await declareExchanges(admin, this.names);
      for (const module of Object.keys(this.options.consumers))
        await declareQueues(admin, this.names, this.options.consumers, module);
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
      this.delivery.channelClosed(channel);
      if (this.consumers.get(module) === channel) this.consumers.delete(module);
      this.reopen(model, `consumer:${module}`, () => this.consume(model, module, listener));
    });
    if (redeclare) await declareQueues(channel, this.names, this.options.consumers, module);
    await channel.prefetch(this.options.prefetch);
    await channel.consume(this.names.queue(module), (message) => {
      if (message) return this.delivery.receive(channel, module, listener, message);
      // The broker cancelled the consumer (its queue was deleted): start over on a new channel.
      this.logger.warn({ module }, 'the message broker cancelled a consumer');
      channel.close().catch(() => undefined);
    });
    this.consumers.set(module, channel);
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

  private lost(error: Error): void {
    this.model = undefined;
    this.publisher = undefined;
    this.inspector = undefined;
    this.tap.lost();
    this.consumers.clear();
    this.metrics.brokerConnected.set(0);
    if (!this.stopped)
      this.logger.warn({ err: error }, 'lost the message broker; events wait in the outboxes until it is back');
  }
}
