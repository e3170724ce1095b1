import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SHIPMENT_STATUSES } from '../application/shipment-view.js';
import { ORDER_STATUSES } from '../domain/order-status.js';

export class OrderLineResponse {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  quantity!: number;

  @ApiProperty({ type: 'integer', example: 1250, description: 'The catalog price when the order was placed.' })
  unitPriceCents!: number;
}

export class ShippingAddressResponse {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  line1!: string;

  @ApiProperty({ type: String, nullable: true })
  line2!: string | null;

  @ApiProperty()
  city!: string;

  @ApiProperty()
  postalCode!: string;

  @ApiProperty({ example: 'GB', description: 'ISO 3166-1 alpha-2.' })
  country!: string;
}

export class OrderShipmentResponse {
  @ApiProperty({ enum: SHIPMENT_STATUSES })
  status!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Known once dispatched.' })
  carrier!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Known once dispatched.' })
  trackingNumber!: string | null;
}

export class OrderResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The customer who placed it.' })
  customerId!: string;

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: string;

  @ApiProperty({ type: [OrderLineResponse] })
  lines!: OrderLineResponse[];

  @ApiProperty({ type: 'integer', example: 2500 })
  totalCents!: number;

  @ApiPropertyOptional({ description: 'Why the order was rejected; only on REJECTED orders.' })
  reason?: string;

  @ApiPropertyOptional({
    description:
      'Why the order was cancelled (by its customer, an admin, or a failed shipment); only on CANCELLED orders.',
  })
  cancellationReason?: string;

  @ApiProperty({
    type: ShippingAddressResponse,
    nullable: true,
    description: 'Where to ship it; null when none was given.',
  })
  shippingAddress!: ShippingAddressResponse | null;

  @ApiProperty({
    type: OrderShipmentResponse,
    nullable: true,
    description: 'Its shipment, as shipping last reported it; null until shipping has made one.',
  })
  shipment!: OrderShipmentResponse | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class OrderPageResponse {
  @ApiProperty({ type: [OrderResponse] })
  items!: OrderResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
