import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal } from '../../shared/auth/index.js';
import { Roles } from '../../shared/auth/roles.decorator.js';
import { EventStreams } from '../../shared/http/event-stream/index.js';
import { structuredCloudEvent } from '../../shared/messaging/events/cloud-event.js';
import { EventTransport } from '../../shared/messaging/transport/event-transport.js';

/** Operations: the integration events of the whole deployment, as they are published. */
@ApiTags('operations')
@Roles('admin')
@Controller('api/admin/events/stream')
export class LiveEventsController {
  constructor(
    private readonly transport: EventTransport,
    private readonly streams: EventStreams,
  ) {}

  @ApiOperation({
    operationId: 'watchEvents',
    summary: 'Integration events as they are published (Server-Sent Events)',
    description:
      'A `text/event-stream` of `integration-event` events, each a CloudEvent in the JSON format (structured mode), ' +
      'with the event id as its id. Live only: what was published before the stream opened, or while it was ' +
      'closed, is not sent (the outboxes and the dead letters hold the history). The stream ends when the access ' +
      'token expires.',
  })
  @Get()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The stream of `integration-event` events.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  watch(@CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): void {
    const stream = this.streams.open(reply, principal.userId, principal.expiresAt);
    const stop = this.transport.watch((envelope) =>
      stream.send({ id: envelope.id, event: 'integration-event', data: structuredCloudEvent(envelope) }),
    );
    void stream.closed.then(stop);
  }
}
