import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../shared/auth/index.js';
import { EmptyBodyPipe } from '../../../shared/http/body/empty-body.pipe.js';
import { parseIdempotencyKey } from '../../../shared/http/idempotency-key.js';
import { DeliverShipmentHandler } from '../application/deliver-shipment.handler.js';
import { DispatchShipmentHandler } from '../application/dispatch-shipment.handler.js';
import { FailShipmentHandler } from '../application/fail-shipment.handler.js';
import { GetShipmentHandler } from '../application/get-shipment.handler.js';
import { ListShipmentsHandler } from '../application/list-shipments.handler.js';
import type { ShipmentActionResult } from '../application/shipment-actions.js';
import { DispatchShipmentRequest } from './dispatch-shipment.request.js';
import { FailShipmentRequest } from './fail-shipment.request.js';
import { ListShipmentsQuery } from './list-shipments.query.js';
import { ShipmentPageResponse, ShipmentResponse } from './shipment.response.js';

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat a request safely: the same key acts once and answers the shipment as it is.',
} as const;

/** The warehouse's side of shipping: the shipments to send, and what became of each. Admins only. */
@ApiTags('shipping')
@Roles('admin')
@Controller('api/admin/shipments')
export class AdminShipmentsController {
  constructor(
    private readonly listShipments: ListShipmentsHandler,
    private readonly getShipment: GetShipmentHandler,
    private readonly dispatchShipment: DispatchShipmentHandler,
    private readonly deliverShipment: DeliverShipmentHandler,
    private readonly failShipment: FailShipmentHandler,
  ) {}

  @ApiOperation({ operationId: 'listShipments', summary: 'List shipments' })
  @Get()
  @ApiOkResponse({
    type: ShipmentPageResponse,
    description: 'Newest first, narrowed by status and orderId when given.',
  })
  @ApiBadRequestResponse({ description: 'A bad limit, cursor, status or orderId.' })
  list(@Query() query: ListShipmentsQuery): Promise<ShipmentPageResponse> {
    return this.listShipments.execute({
      filter: { status: query.status, orderId: query.orderId },
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @ApiOperation({ operationId: 'getShipment', summary: 'A shipment' })
  @Get(':id')
  @ApiOkResponse({ type: ShipmentResponse })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<ShipmentResponse> {
    return this.getShipment.execute(id);
  }

  @ApiOperation({
    operationId: 'dispatchShipment',
    summary: 'Dispatch a shipment: it is DISPATCHED, its order SHIPPED',
  })
  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ShipmentResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Not PENDING, no shipping address, or its order was cancelled first.' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for another action on this shipment.' })
  async dispatch(
    @Param('id') id: string,
    @Body() body: DispatchShipmentRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShipmentResponse> {
    const { carrier, trackingNumber } = body;
    return answer(
      await this.dispatchShipment.execute(id, { carrier, trackingNumber }, parseIdempotencyKey(key)),
      reply,
    );
  }

  @ApiOperation({ operationId: 'deliverShipment', summary: 'Record a dispatched shipment DELIVERED' })
  @Post(':id/deliver')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ShipmentResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Not DISPATCHED.' })
  @ApiBadRequestResponse({ description: 'A body with fields: delivering takes none.' })
  async deliver(
    @Param('id') id: string,
    @Body(EmptyBodyPipe) _body: undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShipmentResponse> {
    return answer(await this.deliverShipment.execute(id, parseIdempotencyKey(key)), reply);
  }

  @ApiOperation({
    operationId: 'failShipment',
    summary: 'Record a shipment FAILED: its order is cancelled and its stock released',
  })
  @Post(':id/fail')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ShipmentResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'DELIVERED, FAILED or CANCELLED already.' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for another action on this shipment.' })
  async fail(
    @Param('id') id: string,
    @Body() body: FailShipmentRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShipmentResponse> {
    return answer(await this.failShipment.execute(id, body.reason, parseIdempotencyKey(key)), reply);
  }
}

/** A replayed action says so in a header, as stock adjustments do. */
function answer(result: ShipmentActionResult, reply: FastifyReply): ShipmentResponse {
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return result.shipment;
}
