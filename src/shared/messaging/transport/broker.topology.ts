import type { Channel } from 'amqplib';
import type { brokerNames } from './broker.names.js';

type BrokerNames = ReturnType<typeof brokerNames>;

/** The events exchange (topic, routed by event type) and the dead-letter exchange; idempotent. */
export async function declareExchanges(channel: Channel, names: BrokerNames): Promise<void> {
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
}

/** A consuming module's queue, bound to the types it consumes, and its dead-letter queue; idempotent. */
export async function declareQueues(
  channel: Channel,
  names: BrokerNames,
  consumers: Readonly<Record<string, readonly string[]>>,
  module: string,
): Promise<void> {
  const deadLetters = names.deadLetterExchange;
  await channel.assertQueue(names.deadLetterQueue(module), { durable: true });
  await channel.bindQueue(names.deadLetterQueue(module), deadLetters, module);
  await channel.assertQueue(names.queue(module), {
    durable: true,
    arguments: { 'x-dead-letter-exchange': deadLetters, 'x-dead-letter-routing-key': module },
  });
  for (const type of consumers[module] ?? []) await channel.bindQueue(names.queue(module), names.exchange, type);
}
