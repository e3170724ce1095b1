import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'orders', name: 'order_lines' })
export class OrderLineEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId!: string;

  @PrimaryColumn('smallint', { name: 'line_no' })
  lineNo!: number;

  /** A catalog product, referenced by id only: no foreign key crosses module schemas. */
  @Column('uuid', { name: 'product_id' })
  productId!: string;

  @Column('integer')
  quantity!: number;

  @Column('integer', { name: 'unit_price_cents' })
  unitPriceCents!: number;
}
