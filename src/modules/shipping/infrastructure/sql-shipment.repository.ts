import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { Transactions } from '../../../shared/database/index.js';
import type { DeliveryAddress } from '../domain/delivery-address.js';
import type { ShipmentLine } from '../domain/shipment-line.js';
import type { ShipmentStatus } from '../domain/shipment-status.js';
import { Shipment } from '../domain/shipment.js';
import { ShipmentRepository } from '../domain/shipment.repository.js';

export interface ShipmentRow {
  id: string;
  order_id: string;
  customer_id: string;
  status: ShipmentStatus;
  lines: ShipmentLine[];
  address: DeliveryAddress | null;
  carrier: string | null;
  tracking_number: string | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export const SELECT_SHIPMENT = `SELECT id, order_id, customer_id, status, lines, address, carrier, tracking_number, failure_reason, created_at, updated_at
  FROM shipping.shipments`;

/** Shipments in plain SQL: one row each, the lines and address as JSON (they never change). Joins the caller's transaction. */
@Injectable()
export class SqlShipmentRepository extends ShipmentRepository {
  constructor(private readonly db: Transactions) {
    super();
  }

  async add(shipment: Shipment): Promise<boolean> {
    return (await this.addMany([shipment])).has(shipment.id);
  }

  async addMany(shipments: readonly Shipment[]): Promise<Set<string>> {
    if (shipments.length === 0) return new Set();
    const states = shipments.map((shipment) => shipment.snapshot());
    // The order's unique key makes a redelivered order-confirmed event a no-op, even racing itself.
    const inserted = await this.db.query<{ id: string }>(
      `INSERT INTO shipping.shipments (id, order_id, customer_id, status, lines, address, created_at, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::timestamptz[])
                     AS s(id, order_id, customer_id, status, lines, address, created_at, updated_at)
        ORDER BY order_id -- keys taken in one order, so that two batches sharing orders cannot deadlock
       ON CONFLICT (order_id) DO NOTHING RETURNING id`,
      [
        states.map((s) => s.id),
        states.map((s) => s.orderId),
        states.map((s) => s.customerId),
        states.map((s) => s.status),
        states.map((s) => JSON.stringify(s.lines)),
        states.map((s) => (s.address === null ? null : JSON.stringify(s.address))),
        states.map((s) => s.createdAt),
        states.map((s) => s.updatedAt),
      ],
    );
    return new Set(inserted.map((row) => row.id));
  }

  findById(id: string): Promise<Shipment | null> {
    return this.one('WHERE id = $1', id);
  }

  findByOrderId(orderId: string): Promise<Shipment | null> {
    return this.one('WHERE order_id = $1', orderId);
  }

  lock(id: string): Promise<Shipment | null> {
    return this.one('WHERE id = $1 FOR UPDATE', id);
  }

  lockByOrderId(orderId: string): Promise<Shipment | null> {
    return this.one('WHERE order_id = $1 FOR UPDATE', orderId);
  }

  async save(shipment: Shipment): Promise<void> {
    const s = shipment.snapshot();
    await this.db.query(
      `UPDATE shipping.shipments SET status = $2, carrier = $3, tracking_number = $4, failure_reason = $5, updated_at = $6
        WHERE id = $1`,
      [s.id, s.status, s.carrier, s.trackingNumber, s.failureReason, s.updatedAt],
    );
  }

  private async one(where: string, id: string): Promise<Shipment | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.query<ShipmentRow>(`${SELECT_SHIPMENT} ${where}`, [id]);
    return row ? toShipment(row) : null;
  }
}

export function toShipment(row: ShipmentRow): Shipment {
  return Shipment.restore({
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    lines: row.lines,
    address: row.address,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
