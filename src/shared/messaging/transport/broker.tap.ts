import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { receivedEnvelope } from './broker.message.js';
import type { brokerNames } from './broker.names.js';
import type { EventObserver } from './event-transport.js';

/** Enough for a person watching; older events give way to newer ones when the watcher falls behind. */
const MAX_QUEUED = 1_000;

/**
 * What lets people watch every event of the deployment as it is published (EventTransport.watch): a queue of this
 * process's own, exclusive to its connection (the broker deletes it when the process goes), bound to every event type,
 * capped, read without acknowledgements. Open only while someone watches.
 */
export class BrokerTap {
  private readonly observers = new Set<EventObserver>();
  private channel: Channel | undefined;
  private opening: Promise<void> | undefined;

  constructor(
    private readonly names: ReturnType<typeof brokerNames>,
    private readonly logger: Logger,
    /** Opens a channel the broker closed again, with backoff, while its connection lasts. */
    private readonly reopen: (model: ChannelModel, open: () => Promise<void>) => void,
  ) {}

  /** `model`: the connection, when there is one; otherwise the tap opens once it connects. */
  watch(observer: EventObserver, model: ChannelModel | undefined): () => void {
    this.observers.add(observer);
    if (model) this.open(model);
    return () => {
      this.observers.delete(observer);
      if (this.observers.size > 0) return;
      const channel = this.channel;
      this.channel = undefined;
      channel?.close().catch(() => undefined);
    };
  }

  /** On every (re)connection, and when the first observer comes. */
  open(model: ChannelModel): void {
    if (this.channel || this.opening || this.observers.size === 0) return;
    this.opening = this.openOn(model)
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not open the broker queue that watches events; retrying');
        this.reopen(model, async () => this.open(model));
      })
      .finally(() => (this.opening = undefined));
  }

  /** The connection is gone, and its channels with it. */
  lost(): void {
    this.channel = undefined;
  }

  private async openOn(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn({ err: error }, 'broker watch channel error'));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.reopen(model, async () => this.open(model));
    });
    const { queue } = await channel.assertQueue('', {
      exclusive: true,
      autoDelete: true,
      arguments: { 'x-max-length': MAX_QUEUED, 'x-overflow': 'drop-head' },
    });
    await channel.bindQueue(queue, this.names.exchange, '#');
    await channel.consume(
      queue,
      (message) => {
        const envelope = message && receivedEnvelope(message);
        if (envelope) for (const observer of this.observers) observer(envelope);
      },
      { noAck: true },
    );
    // Everyone stopped watching while this opened.
    if (this.observers.size === 0) await channel.close();
    else this.channel = channel;
  }
}
