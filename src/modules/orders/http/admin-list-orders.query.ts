import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ListOrdersQuery } from './list-orders.query.js';

/** Every customer's orders, newest first, optionally one customer's and in one status. */
export class AdminListOrdersQuery extends ListOrdersQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the orders of this customer.' })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;
}
