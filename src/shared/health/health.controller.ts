import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { HealthRegistry, replyWithHealth } from './health-registry.js';

/** The body of both answers, 200 and 503 alike (503 is not an error document: it is the report). */
const HEALTH_REPORT_SCHEMA = {
  type: 'object',
  required: ['status', 'dependencies'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    dependencies: {
      type: 'object',
      description: 'One line per dependency, e.g. "database:catalog", "broker", "module:catalog".',
      additionalProperties: {
        type: 'object',
        required: ['status', 'latencyMs'],
        properties: {
          status: { type: 'string', enum: ['up', 'down'] },
          latencyMs: { type: 'number' },
          error: { type: 'string' },
        },
      },
    },
  },
};

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @ApiOperation({ operationId: 'getHealth', summary: 'Health of this process and everything it depends on' })
  @Get()
  @Public()
  @ApiOkResponse({
    description: 'Every dependency answers: module databases, the broker, modules in other processes.',
    schema: HEALTH_REPORT_SCHEMA,
  })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency does not answer.',
    schema: HEALTH_REPORT_SCHEMA,
  })
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    return replyWithHealth(this.registry, 'all', reply);
  }

  @ApiOperation({ operationId: 'getLocalHealth', summary: "Health of this process's own databases and broker" })
  @Get('local')
  @Public()
  @ApiOkResponse({
    description: "This process's own databases and broker only, no remote module: what an orchestrator restarts on.",
    schema: HEALTH_REPORT_SCHEMA,
  })
  @ApiServiceUnavailableResponse({ description: 'At least one of them does not answer.', schema: HEALTH_REPORT_SCHEMA })
  local(@Res({ passthrough: true }) reply: FastifyReply) {
    return replyWithHealth(this.registry, 'local', reply);
  }
}
