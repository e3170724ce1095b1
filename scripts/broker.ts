import { connect } from 'amqplib';
import { brokerNames } from '../src/shared/messaging/transport/rabbitmq.transport.js';

/** The broker the topology tests and the benchmarks use: BROKER_URL, or the machine's RabbitMQ. */
export const BROKER_URL = process.env.BROKER_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Whether RabbitMQ answers at `url`. */
export async function brokerAnswers(url: string = BROKER_URL): Promise<boolean> {
  try {
    const connection = await connect(url, { timeout: 2_000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** Removes a throw-away deployment's exchanges and queues from the shared broker. */
export async function deleteBrokerNamespace(
  namespace: string,
  modules: readonly string[],
  url: string = BROKER_URL,
): Promise<void> {
  const names = brokerNames(namespace);
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    for (const module of modules) {
      await channel.deleteQueue(names.queue(module));
      await channel.deleteQueue(names.deadLetterQueue(module));
    }
    await channel.deleteExchange(names.exchange);
    await channel.deleteExchange(names.deadLetterExchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
