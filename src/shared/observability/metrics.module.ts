import { type DynamicModule, Global, Module } from '@nestjs/common';
import { METRICS_TOKEN, MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** Serves `/metrics` from the process's registry (created before Nest, so the HTTP layer can record into it too). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(metrics: Metrics, token?: string): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useValue: metrics },
        { provide: METRICS_TOKEN, useValue: token ?? null },
      ],
      exports: [Metrics],
    };
  }
}
