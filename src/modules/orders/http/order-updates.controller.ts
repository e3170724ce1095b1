import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { CurrentPrincipal, type Principal, Roles } from '../../../shared/auth/index.js';
import { EventStreams, lastEventId } from '../../../shared/http/event-stream/index.js';
import { toProblem } from '../../../shared/http/problems/problem-details.js';
import { LOGGER } from '../../../shared/observability/index.js';
import { OrderUpdatesHub } from '../application/order-updates.hub.js';

const POSITION = /^\d{1,20}$/;

@ApiTags('orders')
@Controller('api/orders/updates')
export class OrderUpdatesController {
  constructor(
    private readonly hub: OrderUpdatesHub,
    private readonly streams: EventStreams,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ApiOperation({
    operationId: 'watchOrders',
    summary: 'Your orders, live (Server-Sent Events)',
    description:
      'A `text/event-stream`. Each `orders` event carries `{position, snapshot, orders}` with the event id `position`: ' +
      'first your newest orders (`snapshot: true`), or, when resuming, what changed since; then every order of yours ' +
      'as it changes. Reconnecting with `Last-Event-ID` (EventSource does) resumes without a gap. The stream ends ' +
      'when the access token expires; a `problem` event, a problem+json body, says why a stream ended early.',
  })
  @Get()
  @Roles('customer')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last event received.' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'The same, for a client that cannot set headers.' })
  @ApiOkResponse({
    description: 'The stream of `orders` events.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async watch(
    @CurrentPrincipal() principal: Principal,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const id = lastEventId(header, query, POSITION);
    const resumeFrom = id === undefined ? undefined : BigInt(id);
    const stream = this.streams.open(reply, principal.userId, principal.expiresAt);
    try {
      const stop = await this.hub.watch(principal.userId, resumeFrom, (update) =>
        stream.send({ id: update.position, event: 'orders', data: update }),
      );
      void stream.closed.then(stop);
    } catch (error) {
      // Answered already (200, the stream): the reason goes in the stream, and the browser reconnects.
      const problem = toProblem(error);
      if (problem.unexpected) this.logger.error({ err: error }, 'an order stream failed to start');
      stream.send({ event: 'problem', data: problem.body });
      stream.close();
    }
  }
}
