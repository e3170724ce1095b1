import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../shared/pagination/page.query.js';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../domain/shipment-status.js';

/** Shipments newest first, optionally in one status or of one order. */
export class ListShipmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SHIPMENT_STATUSES, description: 'Only shipments in this status.' })
  @IsOptional()
  @IsIn(SHIPMENT_STATUSES)
  status?: ShipmentStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the shipment of this order.' })
  @IsOptional()
  @IsUUID('all')
  orderId?: string;
}
