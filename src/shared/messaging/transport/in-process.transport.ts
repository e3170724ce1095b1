import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EventEnvelope } from '../events/event-envelope.js';
import { type EventListener, EventTransport } from './event-transport.js';

/**
 * The macro topology's transport: `@nestjs/event-emitter`, awaited. `publish`
 * resolves only when every listener has finished, so a failing consumer makes
 * the relay retry the event (consumers that already handled it skip it, thanks
 * to their inbox).
 */
@Injectable()
export class InProcessTransport extends EventTransport {
  readonly system = 'in-process';

  constructor(private readonly emitter: EventEmitter2) {
    super();
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    await this.emitter.emitAsync(envelope.type, envelope);
  }

  subscribe(_consumer: string, types: readonly string[], listener: EventListener): void {
    // emitAsync awaits the promise each listener returns, so publishing waits for every handler.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    for (const type of types) this.emitter.on(type, listener);
  }
}
