import { Injectable } from '@nestjs/common';
import type { DeadLetter } from './dead-letter.js';
import { DeadLetterNotFoundError, type Inbox } from './inbox.js';

/** Every inbox of this process, so operations can see and re-drive parked events in one place. */
@Injectable()
export class DeadLetterRegistry {
  private readonly inboxes = new Map<string, Inbox>();

  register(inbox: Inbox): void {
    this.inboxes.set(inbox.module, inbox);
  }

  async list(options: { includeRedriven: boolean; limit: number }): Promise<DeadLetter[]> {
    const perModule = await Promise.all([...this.inboxes.values()].map((inbox) => inbox.listDeadLetters(options)));
    return perModule
      .flat()
      .sort((a, b) => b.parkedAt.localeCompare(a.parkedAt))
      .slice(0, options.limit);
  }

  /** Asks each inbox in turn; only the one holding the dead letter runs anything. */
  async redrive(id: string): Promise<DeadLetter> {
    for (const inbox of this.inboxes.values()) {
      try {
        return await inbox.redrive(id);
      } catch (error) {
        if (!(error instanceof DeadLetterNotFoundError)) throw error;
      }
    }
    throw new DeadLetterNotFoundError(`No dead letter ${id}.`);
  }
}
