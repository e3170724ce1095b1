import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EventEnvelope } from '../events/event-envelope.js';
import { type EventListener, type EventObserver, EventTransport } from './event-transport.js';

/**
 * The macro topology's transport: `@nestjs/event-emitter`, awaited. `publish`
 * resolves only when every listener has finished, so a failing consumer makes
 * the relay retry the event (consumers that already handled it skip it, thanks
 * to their inbox).
 */
@Injectable()
export class InProcessTransport extends EventTransport {
  readonly system = 'in-process';
  private readonly observers = new Set<EventObserver>();

  constructor(private readonly emitter: EventEmitter2) {
    super();
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    await this.emitter.emitAsync(envelope.type, envelope);
    // Once, when delivered: a publish a failing consumer makes the relay repeat is seen when it goes through.
    for (const observer of this.observers) observer(envelope);
  }

  /** Every event is published in this process: the relays of all its modules publish here. */
  watch(observer: EventObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  subscribe(_consumer: string, types: readonly string[], listener: EventListener): void {
    // emitAsync awaits the promise each listener returns, so publishing waits for every handler.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    for (const type of types) this.emitter.on(type, listener);
  }
}
