import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters.controller.js';
import { InternalDeadLettersController } from './internal-dead-letters.controller.js';

/**
 * The operators' view of parked events: list them across every process and re-drive one where it
 * lives. An application feature over the kernel's DeadLetterRegistry, not part of the messaging kernel.
 */
@Module({ controllers: [DeadLettersController, InternalDeadLettersController] })
export class DeadLettersModule {}
