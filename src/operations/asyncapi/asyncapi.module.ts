import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller.js';

/** Serves the AsyncAPI document of the integration events at `/docs/asyncapi`. */
@Module({ controllers: [AsyncApiController] })
export class AsyncApiModule {}
