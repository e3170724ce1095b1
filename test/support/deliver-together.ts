import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { type EventEnvelope, Inbox, type IntegrationEventHandlerClass } from '../../src/shared/messaging/index.js';

/**
 * Hands events to one handler through the inbox of the app's one module, all at once, as a busy relay does: the
 * first is handled alone, the others wait and go together as one batch (the inbox's group commit). Returns the
 * envelopes, in order.
 */
export async function deliverTogether<T>(
  app: INestApplicationContext,
  handlerClass: IntegrationEventHandlerClass<T>,
  payloads: readonly T[],
): Promise<EventEnvelope<T>[]> {
  const inbox = app.get(Inbox, { strict: false });
  const { name } = app.get(handlerClass, { strict: false });
  const handler = inbox.handlersFor(handlerClass.event.type).find((registered) => registered.name === name);
  if (!handler) throw new Error(`${inbox.module} has no handler ${name}`);
  const envelopes = payloads.map((payload) => ({
    id: randomUUID(),
    type: handler.event.type,
    occurredAt: new Date().toISOString(),
    aggregateId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    payload,
  }));
  await Promise.all(envelopes.map((envelope) => inbox.receive(handler, envelope)));
  return envelopes;
}
