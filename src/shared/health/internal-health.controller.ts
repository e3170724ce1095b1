import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ServiceOnly } from '../auth/service-only.decorator.js';
import { HealthRegistry, replyWithHealth } from './health-registry.js';

/**
 * What other processes of the deployment check: this process's local health,
 * behind service credentials, so a SERVICE_TOKEN mismatch shows up in their /health.
 */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/health')
export class InternalHealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get()
  check(@Res({ passthrough: true }) reply: FastifyReply) {
    return replyWithHealth(this.registry, 'local', reply);
  }
}
