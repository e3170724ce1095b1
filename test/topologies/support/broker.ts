import { connect } from 'amqplib';

export const BROKER_URL = process.env.BROKER_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Whether RabbitMQ answers at BROKER_URL; the topology suites need a real broker. */
export async function brokerAnswers(url: string = BROKER_URL): Promise<boolean> {
  try {
    const connection = await connect(url, { timeout: 2_000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` when a broker answers; otherwise `describe.skip` with the reason in
 * the suite's name, so the summary says why. Under CI a missing broker is an error.
 */
export async function describeWithBroker(): Promise<{ describe: jest.Describe; reason: string }> {
  if (await brokerAnswers()) return { describe, reason: '' };
  const reason = `skipped: no RabbitMQ answers at ${BROKER_URL.replace(/\/\/[^@]*@/, '//')} (set BROKER_URL)`;
  if (process.env.CI) throw new Error(`Topology tests need RabbitMQ under CI: ${reason}`);
  process.stderr.write(`\n  [topologies] ${reason}\n`);
  return { describe: describe.skip, reason: ` (${reason})` };
}

/** Removes a test deployment's exchanges and queues from the shared broker. */
export async function deleteBrokerNamespace(namespace: string, modules: readonly string[]): Promise<void> {
  const connection = await connect(BROKER_URL);
  try {
    const channel = await connection.createChannel();
    for (const module of modules) {
      await channel.deleteQueue(`${namespace}.${module}`);
      await channel.deleteQueue(`${namespace}.${module}.dead-letters`);
    }
    await channel.deleteExchange(`${namespace}.events`);
    await channel.deleteExchange(`${namespace}.dead-letters`);
    await channel.close();
  } finally {
    await connection.close();
  }
}
