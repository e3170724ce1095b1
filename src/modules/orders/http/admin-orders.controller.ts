import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/auth/index.js';
import { ListOrdersHandler } from '../application/list-orders.handler.js';
import { AdminListOrdersQuery } from './admin-list-orders.query.js';
import { OrderPageResponse } from './order.response.js';

/** The orders of every customer, for the people who run the shop (support, stuck orders). */
@ApiTags('orders')
@Controller('api/admin/orders')
export class AdminOrdersController {
  constructor(private readonly listOrders: ListOrdersHandler) {}

  @ApiOperation({ operationId: 'listAllOrders', summary: "List every customer's orders" })
  @Get()
  @Roles('admin')
  @ApiOkResponse({
    type: OrderPageResponse,
    description: "Every customer's orders, newest first, narrowed by customerId and status when given.",
  })
  @ApiBadRequestResponse({ description: 'A bad limit, cursor, status or customerId.' })
  list(@Query() query: AdminListOrdersQuery): Promise<OrderPageResponse> {
    return this.listOrders.execute({
      filter: { customerId: query.customerId, status: query.status },
      limit: query.limit,
      cursor: query.cursor,
    });
  }
}
