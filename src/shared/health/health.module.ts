import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthRegistry } from './health-registry.js';
import { InternalHealthController } from './internal-health.controller.js';

@Global()
@Module({
  controllers: [HealthController, InternalHealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}
