import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { ValidationError } from '../../../shared/errors/index.js';
import { v7 as uuidV7 } from 'uuid';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { CatalogFacade } from '../../catalog/public/index.js';
import { Order } from '../domain/order.js';
import { OrderRepository } from '../domain/order.repository.js';
import type { ShippingAddress } from '../domain/shipping-address.js';
import { DuplicateIdempotencyKeyError, IdempotencyKeyReusedError } from '../domain/orders.errors.js';
import { OrderPlacedV1 } from '../public/index.js';
import { type OrderView, toOrderView } from './order.view.js';

export interface PlaceOrderCommand {
  readonly customerId: string;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly shippingAddress?: ShippingAddress;
  readonly idempotencyKey?: string;
}

export interface PlacedOrder {
  readonly order: OrderView;
  /** True when an earlier request with the same Idempotency-Key already placed it. */
  readonly replayed: boolean;
}

/**
 * Places an order PENDING at the catalog's current prices and raises
 * `orders.order-placed.v1` in the same transaction; the stock saga takes it
 * from there. A repeated request with the same Idempotency-Key returns the
 * first order instead of placing a second one.
 */
@Injectable()
export class PlaceOrderHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogFacade,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<PlacedOrder> {
    const fingerprint = command.idempotencyKey === undefined ? null : fingerprintOf(command);
    if (command.idempotencyKey !== undefined) {
      const earlier = await this.orders.findByIdempotencyKey(command.customerId, command.idempotencyKey);
      if (earlier) return replay(earlier, fingerprint);
    }
    const products = new Map(
      (await this.catalog.findProducts(command.lines.map((line) => line.productId))).map((product) => [
        product.id,
        product,
      ]),
    );
    const unknown = command.lines.flatMap((line, index) =>
      products.has(line.productId) ? [] : [`lines[${index}].productId`],
    );
    if (unknown.length > 0) {
      throw new ValidationError(
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a product in the catalog.`,
        Object.fromEntries(unknown.map((field) => [field, ['is not a product in the catalog']])),
      );
    }
    const now = new Date();
    const order = Order.place({
      id: uuidV7(),
      customerId: command.customerId,
      lines: command.lines.map((line) => ({ ...line, unitPriceCents: products.get(line.productId)!.priceCents })),
      now,
      shippingAddress: command.shippingAddress ?? null,
      idempotencyKey: command.idempotencyKey ?? null,
      requestFingerprint: fingerprint,
    });
    const state = order.snapshot();
    try {
      // Nothing here reads: the order, its lines and its event go to the database as one statement.
      await this.transactions.runWriteOnly(async () => {
        await this.orders.add(order);
        await this.outbox.append(OrderPlacedV1, order.id, {
          orderId: order.id,
          customerId: state.customerId,
          lines: [...state.lines],
          totalCents: state.totalCents,
        });
      });
    } catch (error) {
      // A concurrent request with the same key won the race: its order is the answer.
      if (!(error instanceof DuplicateIdempotencyKeyError)) throw error;
      const winner = await this.orders.findByIdempotencyKey(command.customerId, command.idempotencyKey!);
      if (!winner) throw error;
      return replay(winner, fingerprint);
    }
    return { order: toOrderView(state), replayed: false };
  }
}

function replay(earlier: Order, fingerprint: string | null): PlacedOrder {
  if (earlier.snapshot().requestFingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
  return { order: toOrderView(earlier.snapshot()), replayed: true };
}

/**
 * What the request asked for, whatever the order of its lines (a client may rebuild its cart from a map on retry).
 * The address joins only when given, so orders placed without one keep the fingerprints they were stored with.
 */
function fingerprintOf({ lines, shippingAddress }: PlaceOrderCommand): string {
  const asked: unknown[] = lines
    .map((line) => [line.productId, line.quantity] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (shippingAddress) asked.push(addressFields(shippingAddress));
  return createHash('sha256').update(JSON.stringify(asked)).digest('base64url');
}

/** The address in a fixed field order, so the fingerprint does not depend on how the client ordered its keys. */
function addressFields(address: ShippingAddress): (string | null)[] {
  return [address.name, address.line1, address.line2, address.city, address.postalCode, address.country];
}
