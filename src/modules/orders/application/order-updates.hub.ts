import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../shared/observability/index.js';
import { OrderChanges } from './order-changes.signal.js';
import { type ChangedOrder, OrderQueries, type OrdersAtPosition } from './order.queries.js';
import type { OrderView } from './order.view.js';

/** What a watcher is sent: orders as they now stand, and the position to resume from after them. */
export interface OrderUpdate {
  readonly position: string;
  /** True when these are the customer's newest orders as a whole, not only what changed. */
  readonly snapshot: boolean;
  readonly orders: OrderView[];
}

/** How many of a customer's newest orders a new watcher is sent first. */
const SNAPSHOT_SIZE = 20;
/** While anyone watches, how often changes other instances committed are looked for. */
const POLL_MS = 1_000;

interface Watcher {
  readonly customerId: string;
  position: bigint;
  /** Orders sent at their latest position: an order changed at the very position read comes again, once too often. */
  readonly sent: Map<string, bigint>;
  readonly deliver: (update: OrderUpdate) => void;
}

/**
 * Customers watching their orders (the live stream of "My orders"). A watcher starts from its newest orders, or from
 * the position it last saw; after that, changes are read from the database for all watchers at once, each time a
 * change commits in this process and once a second for the rest, so an order is pushed whichever instance changed it.
 */
@Injectable()
export class OrderUpdatesHub implements OnModuleInit, OnModuleDestroy {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private poll: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly queries: OrderQueries,
    private readonly changes: OrderChanges,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.changes.listen(this.wake);
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    clearInterval(this.poll);
  }

  /** Sends the first update before it resolves; the function it returns stops watching. */
  async watch(customerId: string, resumeFrom: bigint | undefined, deliver: Watcher['deliver']): Promise<() => void> {
    const resumed = resumeFrom === undefined ? undefined : await this.queries.changedSince([customerId], resumeFrom);
    const start: OrdersAtPosition = resumed ?? (await this.queries.newestAt(customerId, SNAPSHOT_SIZE));
    const watcher: Watcher = { customerId, position: start.position, sent: new Map(), deliver };
    this.send(watcher, start.items, start.position, resumed === undefined);
    const group = this.watchers.get(customerId) ?? new Set<Watcher>();
    this.watchers.set(customerId, group.add(watcher));
    this.poll ??= setInterval(this.wake, POLL_MS).unref();
    return () => {
      group.delete(watcher);
      if (group.size === 0) this.watchers.delete(customerId);
      if (this.watchers.size === 0) this.poll = void clearInterval(this.poll);
    };
  }

  /** One read at a time; wakes during a read make one more read after it. */
  private readonly wake = (): void => {
    if (this.watchers.size === 0) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readUntilQuiet().finally(() => (this.reading = undefined));
  };

  private async readUntilQuiet(): Promise<void> {
    do {
      this.readAgain = false;
      await this.readChanges().catch((error: unknown) =>
        // The next wake or poll reads again from the same positions: nothing is skipped.
        this.logger.warn({ err: error, module: 'orders' }, 'reading order changes for watchers failed'),
      );
    } while (this.readAgain && this.watchers.size > 0);
  }

  private async readChanges(): Promise<void> {
    const watchers = [...this.watchers.values()].flatMap((group) => [...group]);
    if (watchers.length === 0) return;
    const since = watchers.reduce(
      (least, watcher) => (watcher.position < least ? watcher.position : least),
      watchers[0].position,
    );
    const found = await this.queries.changedSince([...this.watchers.keys()], since);
    if (found === undefined) return;
    const byCustomer = new Map<string, ChangedOrder[]>();
    for (const item of found.items) {
      const customer = byCustomer.get(item.order.customerId);
      if (customer) customer.push(item);
      else byCustomer.set(item.order.customerId, [item]);
    }
    for (const watcher of watchers) {
      const news = (byCustomer.get(watcher.customerId) ?? []).filter(
        (item) => item.changedAt >= watcher.position && watcher.sent.get(item.order.id) !== item.changedAt,
      );
      this.send(watcher, news, found.position, false);
    }
  }

  private send(watcher: Watcher, items: ChangedOrder[], position: bigint, snapshot: boolean): void {
    if (position > watcher.position) watcher.position = position;
    for (const [id, at] of watcher.sent) if (at < watcher.position) watcher.sent.delete(id);
    for (const item of items) if (item.changedAt >= watcher.position) watcher.sent.set(item.order.id, item.changedAt);
    if (items.length === 0 && !snapshot) return;
    watcher.deliver({ position: watcher.position.toString(), snapshot, orders: items.map((item) => item.order) });
  }
}
