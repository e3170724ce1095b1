import { Global, Module } from '@nestjs/common';
import { EventStreams } from './event-streams.js';

/** Server-Sent Events for every module of the process: one registry, so that shutdown ends them all. */
@Global()
@Module({ providers: [EventStreams], exports: [EventStreams] })
export class EventStreamModule {}
