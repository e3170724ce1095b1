import { BROKER_URL, brokerAnswers } from '../../../scripts/broker.js';

export { BROKER_URL, brokerAnswers, deleteBrokerNamespace } from '../../../scripts/broker.js';

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
