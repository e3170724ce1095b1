import { ApiProperty } from '@nestjs/swagger';
import type { DeadLetter } from '../../shared/messaging/dead-letters/dead-letter.js';
import type { EventEnvelope } from '../../shared/messaging/events/event-envelope.js';

/** The OpenAPI shape of a dead letter; `implements` keeps it in step with `DeadLetter`. */
export class DeadLetterResponse implements DeadLetter {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The consuming module that parked it.', example: 'catalog' })
  module!: string;

  @ApiProperty({ description: 'The handler that gave up on it.', example: 'catalog.reserve-stock' })
  handler!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ example: 'orders.order-placed.v1' })
  type!: string;

  @ApiProperty({ description: 'The last error.' })
  error!: string;

  @ApiProperty({ type: 'integer' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  parkedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  redrivenAt!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The event as it was received: id, type, occurredAt, aggregateId, correlationId, causationId, payload.',
  })
  envelope!: EventEnvelope;
}

export class DeadLetterListResponse {
  @ApiProperty({ type: [DeadLetterResponse] })
  items!: DeadLetterResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass back as cursor for the next page; null on the last.',
  })
  nextCursor!: string | null;

  @ApiProperty({
    type: [String],
    description: 'Modules in other processes that did not answer: their dead letters are missing from items.',
  })
  unavailable!: string[];
}
