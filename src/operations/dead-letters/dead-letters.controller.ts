import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiOperation,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../shared/auth/roles.decorator.js';
import { DeadLetterNotFoundError } from '../../shared/messaging/inbox/inbox.js';
import { EmptyBodyPipe } from '../../shared/http/body/empty-body.pipe.js';
import {
  type DeadLetterListing,
  DeadLetterRegistry,
} from '../../shared/messaging/dead-letters/dead-letter.registry.js';
import { DeadLetterListResponse, DeadLetterResponse } from './dead-letter.response.js';
import { listOptions } from '../../shared/messaging/dead-letters/list-options.js';
import { ListDeadLettersQuery } from './list-dead-letters.query.js';

/** Operations: see events consumers gave up on, and re-drive one once its cause is fixed, wherever its module runs. */
@ApiTags('operations')
@Roles('admin')
@Controller('api/admin/events/dead-letters')
export class DeadLettersController {
  constructor(private readonly registry: DeadLetterRegistry) {}

  @Get()
  @ApiOkResponse({
    type: DeadLetterListResponse,
    description:
      'Parked events of every module, newest first, with their error and attempt count; `unavailable` names modules in other processes that did not answer.',
  })
  @ApiOperation({ operationId: 'listDeadLetters', summary: 'List dead-lettered events of every module' })
  list(@Query() query: ListDeadLettersQuery): Promise<DeadLetterListing> {
    return this.registry.list(listOptions(query));
  }

  @ApiOperation({ operationId: 'redriveDeadLetter', summary: 'Re-drive a dead-lettered event' })
  @Post(':id/redrive')
  @HttpCode(200)
  @ApiOkResponse({
    type: DeadLetterResponse,
    description: 'The handler ran again and succeeded; the dead letter is marked re-driven.',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description:
      'The handler failed again (the error is in the detail), it was already re-driven, or its handler is gone.',
  })
  @ApiServiceUnavailableResponse({ description: 'Not found here, and a process that may hold it did not answer.' })
  redrive(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new DeadLetterNotFoundError('No such dead letter.') }))
    id: string,
    @Body(EmptyBodyPipe) _body: undefined,
  ) {
    return this.registry.redrive(id);
  }
}
