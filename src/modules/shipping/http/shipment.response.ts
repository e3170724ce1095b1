import { ApiProperty } from '@nestjs/swagger';
import { SHIPMENT_STATUSES } from '../domain/shipment-status.js';

export class ShipmentLineResponse {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  quantity!: number;
}

export class DeliveryAddressResponse {
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

export class ShipmentResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty({ enum: SHIPMENT_STATUSES })
  status!: string;

  @ApiProperty({ type: [ShipmentLineResponse] })
  lines!: ShipmentLineResponse[];

  @ApiProperty({
    type: DeliveryAddressResponse,
    nullable: true,
    description: "The order's shipping address; null when it had none (it cannot be dispatched).",
  })
  address!: DeliveryAddressResponse | null;

  @ApiProperty({ type: String, nullable: true })
  carrier!: string | null;

  @ApiProperty({ type: String, nullable: true })
  trackingNumber!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed; only on FAILED shipments.' })
  failureReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class ShipmentPageResponse {
  @ApiProperty({ type: [ShipmentResponse] })
  items!: ShipmentResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
