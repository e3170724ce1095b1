import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { HealthRegistry, healthReport } from './health-registry.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Every dependency answers: module databases, the broker, modules in other processes.' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency does not answer.' })
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.report('all', reply);
  }

  @Get('local')
  @Public()
  @ApiOkResponse({ description: "This process's own databases and broker only, no remote module: what an orchestrator restarts on." })
  @ApiServiceUnavailableResponse({ description: 'At least one of them does not answer.' })
  local(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.report('local', reply);
  }

  private async report(scope: 'all' | 'local', reply: FastifyReply) {
    const report = await healthReport(this.registry, scope);
    reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
