import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { Roles } from '../auth/roles.decorator.js';
import { NotFoundError } from '../errors/application-error.js';
import { DeadLetterRegistry } from './dead-letter.registry.js';

class ListDeadLettersQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Also list dead letters already re-driven.', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRedriven?: boolean;
}

/** Operations: see events consumers gave up on, and re-drive one once its cause is fixed. */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/events/dead-letters')
export class DeadLettersController {
  constructor(private readonly registry: DeadLetterRegistry) {}

  @Get()
  @ApiOkResponse({ description: 'Parked events, newest first, with their error and attempt count.' })
  async list(@Query() query: ListDeadLettersQuery) {
    return { items: await this.registry.list({ includeRedriven: query.includeRedriven ?? false, limit: query.limit ?? 100 }) };
  }

  @Post(':id/redrive')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The handler ran again and succeeded; the dead letter is marked re-driven.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The handler failed again (the error is in the detail), or it was already re-driven.' })
  redrive(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('No such dead letter.') })) id: string) {
    return this.registry.redrive(id);
  }
}
