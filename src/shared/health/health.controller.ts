import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { HealthRegistry } from './health-registry.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Every dependency answers.' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency does not answer.' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const dependencies = await this.registry.run();
    const up = Object.values(dependencies).every((dependency) => dependency.status === 'up');
    reply.status(up ? 200 : 503).header('cache-control', 'no-store');
    return { status: up ? 'ok' : 'unavailable', dependencies };
  }
}
