import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MessagingCountsResponse {
  @ApiProperty({ type: 'integer', description: 'Outbox events committed but not yet handed to the transport.' })
  outboxBacklog!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the oldest of them was committed.',
  })
  oldestPendingAt!: string | null;

  @ApiProperty({ description: 'Seconds the oldest waiting event has waited: the current delivery lag (0 when none).' })
  deliveryLagSeconds!: number;

  @ApiProperty({ type: 'integer', description: 'Events whose handler fails and is being retried, not yet parked.' })
  retrying!: number;

  @ApiProperty({ type: 'integer', description: 'Dead letters not re-driven yet.' })
  deadLetters!: number;
}

export class ModuleOverviewEntryResponse {
  @ApiProperty({ example: 'catalog' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String], description: 'Modules whose facade it calls.' })
  dependsOn!: string[];

  @ApiProperty({ type: [String], description: 'Path prefixes of its public API.' })
  publicRoutes!: string[];

  @ApiProperty({ type: [String], example: ['catalog.stock-reserved.v1'] })
  publishes!: string[];

  @ApiProperty({ type: [String], example: ['orders.order-placed.v1'] })
  consumes!: string[];

  @ApiProperty({
    enum: ['in-process', 'remote', 'elsewhere'],
    description:
      'In this process; in another one this process reaches at `url`; or in a process this one does not reach.',
  })
  runs!: 'in-process' | 'remote' | 'elsewhere';

  @ApiPropertyOptional()
  url?: string;

  @ApiProperty({ enum: ['up', 'down', 'unknown'] })
  health!: 'up' | 'down' | 'unknown';

  @ApiPropertyOptional({ description: 'Why it is down.' })
  problem?: string;

  @ApiPropertyOptional({ description: 'The release its process runs.', example: '0.1.0' })
  version?: string;

  @ApiPropertyOptional({ type: MessagingCountsResponse })
  messaging?: MessagingCountsResponse;
}

export class ModuleOverviewResponse {
  @ApiProperty({ description: 'The release of the process answering.', example: '0.1.0' })
  version!: string;

  @ApiProperty({ type: [ModuleOverviewEntryResponse], description: 'Every module of the build, in dependency order.' })
  modules!: ModuleOverviewEntryResponse[];
}
