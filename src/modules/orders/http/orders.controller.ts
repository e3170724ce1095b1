import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiOperation,
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal, Roles } from '../../../shared/auth/index.js';
import { CancelOrderHandler } from '../application/cancel-order.handler.js';
import { GetOrderHandler } from '../application/get-order.handler.js';
import { ListOrdersHandler } from '../application/list-orders.handler.js';
import { PlaceOrderHandler } from '../application/place-order.handler.js';
import { EmptyBodyPipe } from '../../../shared/http/body/empty-body.pipe.js';
import { parseIdempotencyKey } from '../../../shared/http/idempotency-key.js';
import { ListOrdersQuery } from './list-orders.query.js';
import { OrderPageResponse, OrderResponse } from './order.response.js';
import { PlaceOrderRequest } from './place-order.request.js';

@ApiTags('orders')
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderHandler,
    private readonly getOrder: GetOrderHandler,
    private readonly listOrders: ListOrdersHandler,
    private readonly cancelOrder: CancelOrderHandler,
  ) {}

  @ApiOperation({ operationId: 'placeOrder', summary: 'Place an order' })
  @Post()
  @Roles('customer')
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat a request safely: the same key returns the first order.',
  })
  @ApiAcceptedResponse({ type: OrderResponse, description: 'Accepted PENDING; stock is reserved asynchronously.' })
  @ApiBadRequestResponse({ description: 'Unknown product, a quantity below 1, or an invalid shipping address.' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used by this customer for other lines.' })
  async place(
    @Body() body: PlaceOrderRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const placed = await this.placeOrder.execute({
      customerId: principal.userId,
      lines: body.lines,
      shippingAddress: body.shippingAddress && {
        ...body.shippingAddress,
        line2: body.shippingAddress.line2 || null,
      },
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
    });
    void reply.header('location', `/api/orders/${placed.order.id}`);
    if (placed.replayed) void reply.header('idempotent-replayed', 'true');
    return placed.order;
  }

  @ApiOperation({ operationId: 'listOrders', summary: 'List your orders' })
  @Get()
  @Roles('customer')
  @ApiOkResponse({
    type: OrderPageResponse,
    description: "Your orders, newest first (GET /api/admin/orders lists everyone's).",
  })
  @ApiBadRequestResponse({ description: 'A bad limit, cursor or status.' })
  list(@Query() query: ListOrdersQuery, @CurrentPrincipal() principal: Principal): Promise<OrderPageResponse> {
    return this.listOrders.execute({
      filter: { customerId: principal.userId, status: query.status },
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @ApiOperation({ operationId: 'getOrder', summary: 'An order' })
  @Get(':id')
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({ description: 'No such order, or not yours.' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<OrderResponse> {
    return this.getOrder.execute(id, principal);
  }

  @ApiOperation({ operationId: 'cancelOrder', summary: 'Cancel an order' })
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({ description: 'No such order, or not yours.' })
  @ApiConflictResponse({ description: 'Already SHIPPED, DELIVERED, REJECTED or CANCELLED.' })
  @ApiBadRequestResponse({ description: 'A body with fields: cancelling takes none.' })
  cancel(
    @Param('id') id: string,
    @Body(EmptyBodyPipe) _body: undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderResponse> {
    return this.cancelOrder.execute(id, principal);
  }
}
