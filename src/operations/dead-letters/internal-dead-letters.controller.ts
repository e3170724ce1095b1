import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '../../shared/auth/service-only.decorator.js';
import { DeadLetterNotFoundError } from '../../shared/messaging/inbox/inbox.js';
import type { DeadLetter } from '../../shared/messaging/dead-letters/dead-letter.js';
import type { RedriveResult } from '../../shared/messaging/dead-letters/dead-letter.source.js';
import { DeadLetterRegistry } from '../../shared/messaging/dead-letters/dead-letter.registry.js';
import { listOptions } from '../../shared/messaging/dead-letters/list-options.js';
import { PeerDeadLettersQuery } from './list-dead-letters.query.js';

/**
 * This process's own dead letters, for the operations API of the other
 * processes of the deployment. Service tokens only; never the remote ones
 * (each process answers for what it hosts, so no question goes round in circles).
 */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/events/dead-letters')
export class InternalDeadLettersController {
  constructor(private readonly registry: DeadLetterRegistry) {}

  @Get()
  async list(@Query() query: PeerDeadLettersQuery): Promise<{ items: DeadLetter[] }> {
    return { items: await this.registry.listLocal(listOptions(query)) };
  }

  /** Always 200 with the outcome: "not here" is an answer, not an error, when another process asks around. */
  @Post(':id/redrive')
  @HttpCode(200)
  redrive(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new DeadLetterNotFoundError('No such dead letter.') }))
    id: string,
  ): Promise<RedriveResult> {
    return this.registry.redriveLocal(id);
  }
}
