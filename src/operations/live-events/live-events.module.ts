import { Module } from '@nestjs/common';
import { LiveEventsController } from './live-events.controller.js';

/** The operators' live view of the events flowing between modules. */
@Module({ controllers: [LiveEventsController] })
export class LiveEventsModule {}
