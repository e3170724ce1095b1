import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

@Entity({ schema: 'orders', name: 'orders' })
export class OrderEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('text')
  status!: string;

  @Column('bigint', { name: 'total_cents', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  totalCents!: number;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('text', { name: 'request_fingerprint', nullable: true })
  requestFingerprint!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
